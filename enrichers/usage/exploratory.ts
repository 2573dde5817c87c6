import type { QueryShape } from '../sql/types.js';

/** `SELECT * ... LIMIT n` up to this n is someone peeking at rows. */
export const PEEK_LIMIT = 1000;
/** A narrower bound for explicit column lists, which dashboards also cap ("top 100"). */
export const SAMPLE_LIMIT = 100;

const METADATA_COMMAND = /^(show|describe|desc|explain|use|list|ls)\b/;
const GROUPED = /\bgroup by\b/;
const BARE_COUNT = /^select count\(\*\)(?: as \w+)? from [^ ()]+(?: (?:as )?\w+)?$/;

/**
 * Exploration, not use: counted in the statistics but never a canonical example.
 * `normalized` is the output of `normalizeSql` (the analyzer does not report GROUP BY).
 */
export function isExploratory(normalized: string, shape: QueryShape): boolean {
  if (METADATA_COMMAND.test(normalized)) return true;
  if (shape.selectStar && shape.limit !== undefined && shape.limit <= PEEK_LIMIT) return true;
  const unfiltered = shape.filters.length === 0 && !GROUPED.test(normalized) && !/\bwhere\b/.test(normalized);
  if (unfiltered && shape.limit !== undefined && shape.limit <= SAMPLE_LIMIT) return true;
  return unfiltered && BARE_COUNT.test(normalized);
}
