import nunjucks from 'nunjucks';

/**
 * dbt macro call semantics nunjucks lacks:
 * - `{% do return(x) %}` / `{{ return(x) }}` ends the macro and makes `x` (a list, a
 *   relation, a string) its value instead of the text it printed. It unwinds by
 *   throwing, as dbt does; compiled macros restore their template's frame in a
 *   `finally` (nunjucks restored it only on a normal exit, so a return from a macro
 *   called by a macro of the same file broke the caller's variables);
 * - a macro sees the extra positional arguments as `varargs` and the extra keyword
 *   arguments as `kwargs` (dbt's ref/source overrides are written this way).
 * Both hook the runtime's makeMacro, which every compiled macro goes through.
 */
class MacroReturn {
  constructor(readonly value: unknown) {}
}

interface CallArgs {
  varargs: unknown[];
  kwargs: Record<string, unknown>;
}

const calls: CallArgs[] = [];

/** `return(x)`: inside a macro it ends the macro with x; outside one it is x. */
export function macroReturn(value: unknown): unknown {
  if (calls.length === 0) return value;
  throw new MacroReturn(value);
}

/** The calling macro's extra arguments (empty outside a macro). */
export const currentVarargs = (): unknown[] => calls[calls.length - 1]?.varargs ?? [];
export const currentKwargs = (): Record<string, unknown> => calls[calls.length - 1]?.kwargs ?? {};

type MakeMacro = (argNames: string[], kwargNames: string[], func: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown;

let installed = false;

export function installMacroCalls(): void {
  if (installed) return;
  installed = true;
  restoreFramesOnThrow();
  const runtime = (nunjucks as unknown as { runtime: { makeMacro: MakeMacro } }).runtime;
  const make = runtime.makeMacro;
  runtime.makeMacro = (argNames, kwargNames, func) => {
    const macro = make(argNames, kwargNames, func);
    const declared = new Set([...argNames, ...kwargNames, 'caller', '__keywords']);
    return function dbtMacro(this: unknown, ...args: unknown[]) {
      const last = args[args.length - 1] as Record<string, unknown> | undefined;
      const hasKw = !!last && typeof last === 'object' && last.__keywords === true;
      const positional = hasKw ? args.slice(0, -1) : args;
      const kwargs: Record<string, unknown> = {};
      if (hasKw) for (const [k, v] of Object.entries(last)) if (!declared.has(k)) kwargs[k] = v;
      const call: CallArgs = { varargs: positional.slice(argNames.length + kwargNames.length), kwargs };
      calls.push(call);
      try {
        return macro.apply(this, args);
      } catch (err) {
        if (err instanceof MacroReturn) return err.value;
        throw err;
      } finally {
        calls.pop();
      }
    };
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wraps each compiled macro body in try/finally so the template's shared `frame`
 * variable is restored however the macro exits. The compiler's emit calls are
 * intercepted while it writes a macro: `var callerFrame = frame;` opens the try, and
 * the final `return new runtime.SafeString(...)` is preceded by its finally.
 */
function restoreFramesOnThrow(): void {
  const proto = (nunjucks as unknown as { compiler: { Compiler: { prototype: any } } }).compiler.Compiler.prototype;
  const compileMacro = proto._compileMacro;
  proto._compileMacro = function compileMacroRestoringFrame(this: any, ...args: unknown[]) {
    // a macro or call block inside a macro is compiled while the outer rewrite is in place
    if (this.restoringFrames) return compileMacro.apply(this, args);
    const { _emitLine: line, _emitLines: lines } = this;
    this.restoringFrames = true;
    const rewrite = (l: string): string[] =>
      l === 'var callerFrame = frame;' ? [l, 'try {'] : l.startsWith('return new runtime.SafeString(') ? ['} finally { frame = callerFrame; }', l] : [l];
    this._emitLine = (l: string) => rewrite(l).forEach((x) => line.call(this, x));
    this._emitLines = (...ls: string[]) => ls.flatMap(rewrite).forEach((x) => line.call(this, x));
    try {
      return compileMacro.apply(this, args);
    } finally {
      this._emitLine = line;
      this._emitLines = lines;
      this.restoringFrames = false;
    }
  };
}
