import nunjucks from 'nunjucks';

/**
 * dbt macro call semantics nunjucks lacks:
 * - `{% do return(x) %}` / `{{ return(x) }}` makes `x` (a list, a relation, a string)
 *   the macro's value instead of the text it printed. The first return wins; the rest
 *   of the body still runs, because unwinding a nunjucks macro by throwing leaves its
 *   template's frame broken for the next macro call;
 * - a macro sees the extra positional arguments as `varargs` and the extra keyword
 *   arguments as `kwargs` (dbt's ref/source overrides are written this way).
 * Both hook the runtime's makeMacro, which every compiled macro goes through.
 */
interface CallArgs {
  varargs: unknown[];
  kwargs: Record<string, unknown>;
  returned?: { value: unknown };
}

const calls: CallArgs[] = [];

/** `return(x)`: inside a macro x becomes the macro's value; outside one it is x. */
export function macroReturn(value: unknown): unknown {
  const call = calls[calls.length - 1];
  if (!call) return value;
  call.returned ??= { value };
  return '';
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
      const call: CallArgs = { varargs: positional.slice(argNames.length + kwargNames.length), kwargs };
      calls.push(call);
      try {
        const out = macro.apply(this, args);
        return call.returned ? call.returned.value : out;
      } finally {
        calls.pop();
      }
    };
  };
}
