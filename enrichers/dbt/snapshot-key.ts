/**
 * A snapshot keeps every version of a row: its `unique_key` names the entity, and the
 * table holds one row per entity per change (dbt_valid_from .. dbt_valid_to). Its rows
 * are told apart by `dbt_scd_id`, which dbt computes from the unique_key and the
 * version's timestamp and adds to every snapshot table.
 */

import type { GrainFact } from '../../schemas/facts.js';

export const SNAPSHOT_ROW_ID = 'dbt_scd_id';

export function snapshotGrain(uniqueKey: string[], file: string): GrainFact {
  return {
    source: 'dbt-yaml',
    confidence: 0.9,
    file,
    detail: `snapshot: one row per version of ${uniqueKey.join(', ')} (${uniqueKey.join(', ')}, dbt_valid_from), told apart by ${SNAPSHOT_ROW_ID}`,
    columns: [SNAPSHOT_ROW_ID],
  };
}
