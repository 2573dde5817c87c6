import type { JoinKeyFact } from '../../schemas/facts.js';
import type { JoinKey } from '../../schemas/table-record.js';
import { normalizeName } from '../names.js';
import { byPrecedence, definedOnly } from './rank.js';

const keyOf = (k: JoinKeyFact): string =>
  [k.columns, [normalizeName(k.table)], k.refColumns].map((part) => part.map((c) => c.toLowerCase()).join(',')).join('|');

/** The union of join keys from every source, one per (columns, table, refColumns), best source kept, best first. */
export function mergeJoinKeys(candidates: JoinKeyFact[]): JoinKey[] {
  const best = new Map<string, JoinKeyFact>();
  for (const k of [...candidates].sort(byPrecedence)) if (!best.has(keyOf(k))) best.set(keyOf(k), k);
  return [...best.values()].map((k) =>
    definedOnly({
      columns: k.columns,
      table: k.table,
      refColumns: k.refColumns,
      relation: k.relation,
      source: k.source,
      confidence: k.confidence,
      file: k.file,
      line: k.line,
      detail: k.detail,
    }),
  );
}
