/**
 * Table names as a SQL query would write them, made comparable: quotes, backticks
 * and brackets removed, lower-cased, whitespace around dots dropped.
 * `"Analytics"."Orders"` and `` `analytics.orders` `` both become `analytics.orders`.
 */
export function normalizeName(name: string): string {
  // most names reaching here are already normal (catalog ids): checked natively, kept as they are
  return isNormal(name) ? name : splitName(name).join('.');
}

const PLAIN = /^[^\s"`.[]+(\.[^\s"`.[]+)*$/;
const isNormal = (name: string) => PLAIN.test(name) && name === name.toLowerCase();

export function splitName(name: string): string[] {
  if (isNormal(name)) return name.split('.');
  const parts: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of name.trim()) {
    if (quote) {
      if (ch === quote) quote = null;
      else if (quote === '`' && ch === '.') {
        parts.push(cur);
        cur = '';
      } else cur += ch;
    } else if (ch === '"' || ch === '`') quote = ch;
    else if (ch === '[') quote = ']';
    else if (ch === '.') {
      parts.push(cur);
      cur = '';
    } else if (!/\s/.test(ch)) cur += ch;
  }
  parts.push(cur);
  return parts.filter((p) => p.length > 0).map((p) => p.toLowerCase());
}

/** The last `n` parts of a name: suffixes let `orders` find `analytics.orders`. */
export function nameSuffix(name: string, n: number): string {
  return splitName(name).slice(-n).join('.');
}
