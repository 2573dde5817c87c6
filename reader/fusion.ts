import type { TableRecord } from '../schemas/table-record.js';

/**
 * Hybrid ranking, pure so it can be tested without a database: reciprocal-rank fusion
 * of the vector and full-text candidate lists, then small priors from how the table
 * is used and whether it is deprecated.
 */

export interface RankedList {
  /** candidate ids, best first */
  ids: string[];
  weight: number;
}

/**
 * RRF: each list adds weight / (k + rank). Ranks, not raw scores, are fused because
 * BM25 scores and cosine distances live on unrelated scales. The sum is divided by the
 * best possible sum, so 1 means "first in every list".
 */
export function reciprocalRankFusion(lists: RankedList[], k = RRF_K): Map<string, number> {
  const out = new Map<string, number>();
  const best = lists.reduce((s, l) => s + l.weight / (k + 1), 0) || 1;
  for (const { ids, weight } of lists) {
    ids.forEach((id, i) => out.set(id, (out.get(id) ?? 0) + weight / (k + i + 1) / best));
  }
  return out;
}

/**
 * Lower than the usual 60: with k = 60 a table ranked 30th in both lists beat one ranked
 * 1st in one of them, and warehouse questions often name a table only one signal finds.
 * k = 10 was chosen on one seeded half of the Spider2 questions and held on the other
 * (scripts/eval-retrieval.ts --fusion '{"k":10}'; docs/accuracy.md, fourth round).
 */
export const RRF_K = 10;

/**
 * Query history tiers (dashboards and reports are what people trust; ad-hoc queries
 * barely count). Small multipliers: usage breaks near-ties, it cannot lift a table
 * the query does not match over one it does.
 */
export const TIER_BOOST: Record<string, number> = { dashboard: 0.08, report: 0.08, scheduled: 0.04, adhoc: 0.01 };

/** Deprecated tables stay findable by name but sink below live ones about as relevant. */
export const DEPRECATED_FACTOR = 0.7;

/**
 * Extra lift per doubling of the queries that read a table in 90 days (log2(1 + n)).
 * 0 unless measured to help: docs/accuracy.md, sixth round.
 */
export const QUERY_COUNT_WEIGHT = 0;

export function priorOf(r: Pick<TableRecord, 'usage' | 'annotations'>, queryCountWeight = QUERY_COUNT_WEIGHT): number {
  const used = r.usage && r.usage.queries90d > 0 ? r.usage : undefined;
  const tier = used ? (TIER_BOOST[used.tier] ?? 0) : 0;
  const volume = used ? queryCountWeight * Math.log2(1 + used.queries90d) : 0;
  return (1 + tier + volume) * (r.annotations?.deprecated ? DEPRECATED_FACTOR : 1);
}
