import { Bindings } from '../python/bindings.js';
import { withPythonTree, type PythonParser } from '../python/parser.js';
import { callArgs, dottedName, lineOf, nodesOfType } from '../python/syntax.js';
import { evaluate, PyDict, type EvalContext } from '../python/values.js';

export interface PythonModelCalls {
  refs: { args: string[]; version?: string; line: number }[];
  sources: { args: [string, string]; line: number }[];
  config: Record<string, unknown>;
}

/**
 * A dbt Python model (`def model(dbt, session)`) names what it reads with
 * `dbt.ref(...)` / `dbt.source(...)` and configures itself with `dbt.config(...)`;
 * arguments are read as values (literals and module constants), never by regex.
 */
export function pythonModelCalls(parser: PythonParser, file: string, content: string): PythonModelCalls {
  return withPythonTree(parser, content, (root) => {
    const ctx: EvalContext = { bindings: new Bindings(root), file };
    const out: PythonModelCalls = { refs: [], sources: [], config: {} };
    for (const call of nodesOfType(root, 'call')) {
      const callee = dottedName(call.childForFieldName('function'));
      if (callee !== 'dbt.ref' && callee !== 'dbt.source' && callee !== 'dbt.config') continue;
      const { positional, keywords } = callArgs(call);
      const strings = positional.map((n) => evaluate(n, ctx)).filter((v): v is string => typeof v === 'string');
      if (callee === 'dbt.config') {
        for (const [k, n] of keywords) out.config[k] = plain(evaluate(n, ctx));
      } else if (callee === 'dbt.source' && strings.length === 2) {
        out.sources.push({ args: [strings[0], strings[1]], line: lineOf(call) });
      } else if (callee === 'dbt.ref' && strings.length >= 1) {
        const v = evaluate(keywords.get('v') ?? keywords.get('version'), ctx);
        out.refs.push({ args: strings, version: typeof v === 'string' || typeof v === 'number' ? String(v) : undefined, line: lineOf(call) });
      }
    }
    return out;
  }, file);
}

/** Config values as dbt's Jinja config() would receive them: dicts as plain objects. */
function plain(v: unknown): unknown {
  if (v instanceof PyDict) return Object.fromEntries([...v.entries].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  return typeof v === 'symbol' ? undefined : v;
}
