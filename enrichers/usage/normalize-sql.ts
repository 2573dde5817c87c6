/**
 * The dedup key of a query: comments dropped, string and number literals as `?`,
 * IN-lists collapsed, whitespace collapsed, lower-cased. Two runs of the same dashboard
 * tile with different dates normalize to the same text. Not a parser: a fingerprint.
 */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?')
    .replace(/\s+/g, ' ')
    .replace(/\?(?:\s*,\s*\?)+/g, '?')
    .replace(/\s*([(,=<>])\s*/g, '$1')
    .replace(/\s+\)/g, ')')
    .replace(/;+\s*$/, '')
    .trim()
    .toLowerCase();
}

/** The query as shown to people: whitespace collapsed and cut to a length. */
export function displaySql(sql: string, max = 600): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
