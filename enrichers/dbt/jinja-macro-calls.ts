import nunjucks from 'nunjucks';

/**
 * dbt macro call semantics nunjucks lacks:
 * - `{% do return(x) %}` / `{{ return(x) }}` ends the macro and makes `x` (a list, a
 *   relation, a string) its value, not the text it printed so far;
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
      calls.push({ varargs: positional.slice(argNames.length + kwargNames.length), kwargs });
      try {
        return macro.apply(this, args);
      } catch (err) {
        if (err instanceof MacroReturn) return err.value;
        // nunjucks wraps errors thrown inside a template with its position
        const cause = (err as { cause?: unknown })?.cause;
        if (cause instanceof MacroReturn) return cause.value;
        throw err;
      } finally {
        calls.pop();
      }
    };
  };
}
