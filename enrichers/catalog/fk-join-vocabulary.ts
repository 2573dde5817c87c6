/**
 * Column names the repo's own SQL teaches: when models join `race` to `terminology.race.description`,
 * or `billing_npi` to `provider.npi`, another table's `race` or `billing_npi` column holds
 * the same codes. Learned only from joins read from code whose target side is a lookup
 * (a seed, or the target's whole key while the joining side is not its table's key), and
 * used only when every such join of that column name agrees on one target: `state` joined
 * to a state seed both by abbreviation and by name teaches nothing.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { IsKey } from './fk-relation.js';

export interface LearnedTarget {
  table: string;
  column: string;
  /** how many tables' joins taught it */
  taught: number;
}

const isSeed = (e: CatalogEntry | undefined) => e?.kind === 'dbt seed';

/** column name -> the one lookup column the repo's joins read it against, where they agree */
export function learnJoinVocabulary(entries: CatalogEntry[], isKey: IsKey): Map<string, LearnedTarget> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const seen = new Map<string, Map<string, Set<string>>>();
  for (const e of entries) {
    for (const k of e.joinKeys) {
      if (k.source !== 'sql' || k.relation === 'referenced by' || k.columns.length !== 1 || k.table === e.id) continue;
      const target = byId.get(k.table);
      if (!target) continue;
      const toLookup = isSeed(target) && !isSeed(e);
      const toKey = isKey(k.table, k.refColumns) && !isKey(e.id, k.columns);
      if (!toLookup && !toKey) continue;
      const col = k.columns[0].toLowerCase();
      const at = `${k.table}\u0000${k.refColumns[0].toLowerCase()}`;
      let m = seen.get(col);
      if (!m) seen.set(col, (m = new Map()));
      let s = m.get(at);
      if (!s) m.set(at, (s = new Set()));
      s.add(e.id);
    }
  }
  const out = new Map<string, LearnedTarget>();
  for (const [col, targets] of seen) {
    if (targets.size !== 1) continue;
    const [[at, from]] = [...targets];
    const [table, column] = at.split('\u0000');
    out.set(col, { table, column, taught: from.size });
  }
  return out;
}
