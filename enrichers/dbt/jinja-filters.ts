import { isNeutral } from './jinja-neutral.js';

type Filter = (v: unknown, ...args: unknown[]) => unknown;

/**
 * Jinja's `map` and `list`, which dbt macros chain over introspection results
 * (`adapter.get_columns_in_relation(r) | map(attribute='name') | list`). nunjucks has no
 * `map`, and its `list` throws on anything not iterable; at parse time such a result is
 * a neutral, which maps and lists as empty, as an empty relation would.
 */
export function sequenceFilters(builtin: (name: string) => Filter | undefined): Record<string, Filter> {
  const list: Filter = (v) => (isNeutral(v) || v === undefined || v === null ? [] : Array.isArray(v) ? v : typeof v === 'string' ? [...v] : typeof v === 'object' ? Object.keys(v as object) : []);
  const map: Filter = (v, ...args) => {
    const items = list(v) as unknown[];
    const last = args[args.length - 1] as Record<string, unknown> | undefined;
    const kwargs = last && typeof last === 'object' && last.__keywords ? last : undefined;
    if (kwargs && kwargs.attribute !== undefined) {
      const path = String(kwargs.attribute).split('.');
      return items.map((x) => path.reduce<unknown>((o, k) => (o === null || o === undefined ? kwargs.default : (o as Record<string, unknown>)[k]), x));
    }
    const [name, ...rest] = kwargs ? args.slice(0, -1) : args;
    const f = typeof name === 'string' ? builtin(name) : undefined;
    return f ? items.map((x) => f(x, ...rest)) : items;
  };
  return { map, list };
}
