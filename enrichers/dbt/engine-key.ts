/**
 * The key a ClickHouse table engine keeps rows unique on (dbt-clickhouse's `engine` and
 * `order_by` configs). A ReplacingMergeTree, SummingMergeTree or AggregatingMergeTree
 * merges every set of rows with equal sorting key into one row: the ORDER BY is the
 * table's grain by the warehouse's own rule. Merges are eventual (a query without FINAL
 * may still see duplicates), so this stays below a declared test. A plain MergeTree only
 * sorts by it: models sort by their key more often than not (on a fresh ClickHouse repo
 * 5 of 6 where nothing else gave a key), so it is a guess as weak as the naming fallbacks,
 * and anything read from the SQL wins.
 */

import type { GrainFact } from '../../schemas/facts.js';

/** below unique tests and unique_key (0.9), above what the SQL's shape suggests */
export const MERGING_ENGINE_CONFIDENCE = 0.85;
/** a plain MergeTree's sorting key: models sort by their key more often than not */
export const SORTING_KEY_CONFIDENCE = 0.3;

/** engines whose merges leave one row per sorting key (Replicated* and Shared* too) */
const MERGING_ENGINE = /^\s*(?:replicated|shared)?(?:replacing|summing|aggregating)mergetree\b/i;

const PLAIN_COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The columns of an `order_by` config: `'(a, b)'`, `'a'` or `['a', 'b']`. Undefined when
 * any part is an expression (`toDate(ts)`, `tuple()`): rows are then unique on a value
 * derived from the columns, which no column list states.
 */
export function orderByColumns(value: unknown): string[] | undefined {
  const parts = Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v : ''))
    : typeof value === 'string'
      ? unparenthesize(value).split(',')
      : [];
  const columns = parts.map((p) => p.trim().replace(/^[`"](.*)[`"]$/, '$1'));
  return columns.length && columns.every((c) => PLAIN_COLUMN.test(c)) ? columns : undefined;
}

/** `(a, b)` is ClickHouse's tuple spelling of a key list; the list is what is inside */
export function unparenthesize(text: string): string {
  const inner = /^\s*\((.*)\)\s*$/s.exec(text);
  return inner ? inner[1]! : text;
}

export function mergingEngineGrain(
  config: { engine?: string; orderBy?: string[] },
  file: string,
): GrainFact | undefined {
  if (!config.orderBy?.length) return undefined;
  if (!config.engine || !MERGING_ENGINE.test(config.engine)) {
    if (config.engine && !/mergetree/i.test(config.engine)) return undefined;
    return { source: 'heuristic', confidence: SORTING_KEY_CONFIDENCE, file, detail: 'config order_by of a MergeTree (a sorting key, often the key)', columns: config.orderBy };
  }
  return {
    source: 'dbt-yaml',
    confidence: MERGING_ENGINE_CONFIDENCE,
    file,
    detail: `config order_by of a ${config.engine.replace(/\(.*$/s, '').trim()} (rows with equal sorting key are merged)`,
    columns: config.orderBy,
  };
}
