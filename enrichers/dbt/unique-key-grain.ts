/**
 * What a `unique_key` config says about a node's rows, which depends on how dbt uses it.
 *
 * - A snapshot keeps every version of a row: its `unique_key` names the entity, and the
 *   table holds one row per entity per change (dbt_valid_from .. dbt_valid_to). Its rows
 *   are told apart by `dbt_scd_id`, which dbt computes from the unique_key and the
 *   version's timestamp and adds to every snapshot table.
 * - An incremental model with `incremental_strategy='delete+insert'` deletes the rows
 *   matching each new batch's keys and inserts the batch: dbt documents that this key
 *   need not be unique, and it is often the batch's date (`unique_key='snapshot_date'`
 *   over many rows a day). It is kept as a guess, below what the SQL says.
 * - Otherwise (merge, the default) the key is what the model's rows are unique on.
 */

import type { GrainFact, TableKind } from '../../schemas/facts.js';

export const SNAPSHOT_ROW_ID = 'dbt_scd_id';
export const DECLARED_UNIQUE_KEY_CONFIDENCE = 0.9;
/** a delete+insert key: the batch's key, the rows' key only sometimes */
export const REPLACED_BATCH_KEY_CONFIDENCE = 0.5;

const NOT_A_ROW_KEY_STRATEGY = /^\s*delete\s*\+\s*insert\s*$/i;

export function uniqueKeyGrain(
  kind: TableKind,
  config: { uniqueKey?: string[]; incrementalStrategy?: string },
  file: string,
): GrainFact | undefined {
  const key = config.uniqueKey;
  if (!key?.length) return undefined;
  if (kind === 'dbt snapshot') {
    const versions = `${key.join(', ')}, dbt_valid_from`;
    return { source: 'dbt-yaml', confidence: DECLARED_UNIQUE_KEY_CONFIDENCE, file, detail: `snapshot: one row per version of ${key.join(', ')} (${versions}), told apart by ${SNAPSHOT_ROW_ID}`, columns: [SNAPSHOT_ROW_ID] };
  }
  if (config.incrementalStrategy && NOT_A_ROW_KEY_STRATEGY.test(config.incrementalStrategy)) {
    return { source: 'heuristic', confidence: REPLACED_BATCH_KEY_CONFIDENCE, file, detail: 'config unique_key of a delete+insert model (the rows each batch replaces)', columns: key };
  }
  return { source: 'dbt-yaml', confidence: DECLARED_UNIQUE_KEY_CONFIDENCE, file, detail: 'config unique_key', columns: key };
}
