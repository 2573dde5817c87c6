/** "one row per order_date and country"; "one row per a, b and c". */
export function grainStatement(columns: readonly string[]): string {
  if (columns.length === 0) return '';
  if (columns.length === 1) return `one row per ${columns[0]}`;
  return `one row per ${columns.slice(0, -1).join(', ')} and ${columns[columns.length - 1]}`;
}
