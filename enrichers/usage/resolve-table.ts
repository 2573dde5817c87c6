import { splitName } from '../names.js';

export type TableResolver = (name: string) => string | undefined;

/**
 * Resolves names as queries write them to catalog ids: an exact id or alias, a shorter
 * name that is the unique suffix of one table (`orders` → `analytics.orders`), or a
 * longer one whose suffix is a table (`prod.analytics.orders` → `analytics.orders`).
 * Ambiguous suffixes resolve to nothing rather than to a guess.
 */
export function makeResolver(tables: Iterable<{ id: string; aliases?: readonly string[] }>): TableResolver {
  const AMBIGUOUS = '';
  const exact = new Map<string, string>();
  const bySuffix = new Map<string, string>();
  for (const { id, aliases = [] } of tables) {
    for (const name of [id, ...aliases]) {
      const parts = splitName(name);
      exact.set(parts.join('.'), id);
      for (let n = 1; n <= parts.length; n++) {
        const suffix = parts.slice(-n).join('.');
        const seen = bySuffix.get(suffix);
        bySuffix.set(suffix, seen === undefined || seen === id ? id : AMBIGUOUS);
      }
    }
  }
  const memo = new Map<string, string | undefined>();
  return (name) => {
    if (memo.has(name)) return memo.get(name);
    const parts = splitName(name);
    let found = exact.get(parts.join('.')) ?? (bySuffix.get(parts.join('.')) || undefined);
    // a longer name ending in a table's own name (`prod.analytics.orders`), never a bare alias of a
    // qualified table: `prod.raw.orders` is not `analytics.orders` because that one's alias is `orders`
    for (let drop = 1; !found && drop < parts.length; drop++) {
      const hit = exact.get(parts.slice(drop).join('.'));
      if (hit && splitName(hit).length === parts.length - drop) found = hit;
    }
    if (memo.size > 100_000) memo.clear();
    memo.set(name, found);
    return found;
  };
}

/** The namespace a query ran in, as its log row says. */
export interface QueryNamespace {
  database?: string;
  schema?: string;
}

/**
 * A name as the warehouse resolved it: `orders` run in `PROD.ANALYTICS` is
 * `prod.analytics.orders`, `analytics.orders` run in database `PROD` is
 * `prod.analytics.orders`. Undefined when the log gives nothing to add.
 */
export function qualifyName(name: string, ns: QueryNamespace): string | undefined {
  const parts = splitName(name);
  if (parts.length === 1 && ns.schema) return [...(ns.database ? [ns.database] : []), ns.schema, parts[0]].map(lower).join('.');
  if (parts.length === 2 && ns.database) return [ns.database, ...parts].map(lower).join('.');
  return undefined;
}

/**
 * Resolves a name written in a query that ran in `ns`. The qualified name alone decides:
 * `orders` run in schema `raw` is not `analytics.orders`, however unique the suffix.
 */
export function resolveIn(resolve: TableResolver, name: string, ns: QueryNamespace): string | undefined {
  return resolve(qualifyName(name, ns) ?? name);
}

const lower = (s: string) => splitName(s).join('.');
