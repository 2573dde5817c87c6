/**
 * A GROUP BY over one relation whose key the query already knows (a CTE grouped or deduped
 * before) and whose list holds that key: each group is one of its rows, so its key is the
 * grain, smaller than the list when the list adds columns of the same row (`median_metrics as
 * (select user_id, median_close, median_age from calculate_medians group by 1, 2, 3)`, with
 * calculate_medians grouped by user_id). The same reading the catalog makes across models
 * (`grouped` row origins, grain-propagation.ts), here for relations of one query, so that a
 * later join on that key is known not to fan out.
 */
import type { RowKey } from './row-keys.js';
import type { Rel } from './scope.js';

export const GROUPED_KEY_DETAIL = 'GROUP BY holds the key of its input';

/** the input's keys under this select's names, when the GROUP BY list `grouped` passes every column of one */
export function groupedInputKeys(grouped: RowKey | undefined, driver: Rel | undefined, rel: Rel): RowKey[] {
  if (!grouped || !driver || driver.kind !== 'derived') return [];
  const out: RowKey[] = [];
  for (const k of driver.keys ?? []) {
    const names = k.columns.map((c) => rel.columns.find((o) => o.name && o.via?.rel === driver && o.via.column === c && grouped.columns.includes(o.name))?.name);
    if (!names.every((n): n is string => !!n) || names.length >= grouped.columns.length) continue;
    out.push({ columns: names, confidence: Math.min(grouped.confidence, k.confidence), detail: GROUPED_KEY_DETAIL, ...(k.requires?.length ? { requires: k.requires } : {}) });
  }
  return out;
}
