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
    for (let drop = 1; !found && drop < parts.length; drop++) found = exact.get(parts.slice(drop).join('.'));
    if (memo.size > 100_000) memo.clear();
    memo.set(name, found);
    return found;
  };
}
