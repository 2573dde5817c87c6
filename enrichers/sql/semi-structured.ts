/**
 * Snowflake's semi-structured syntax that node-sql-parser's grammar rejects, respelled in
 * place (same length, so offsets and lines hold) as what it means for the query's shape:
 * which columns come out, from what. The value's own type or path never changes that.
 * - `cast(x as object|array|variant)` and `x::object`: a JSON value (`json`);
 * - `f(name => value)`: a named argument is its value;
 * - `arr[0]:field`: a path into an element reads as `arr[0].field`;
 * - `f(...) :a :b`: a path into a function's result is the result (the path is blanked);
 * - `metadata$filename`: a `$` inside a name (Snowflake's METADATA$ columns, streams) reads
 *   as `_` (the grammar cannot lex it; the column keeps its place, its name shows `_`);
 * - Trino `json_query(x, 'path' OMIT QUOTES ON SCALAR STRING)` and `WITH[OUT] .. ARRAY WRAPPER`:
 *   how the JSON text is printed, blanked (the call still reads x).
 * - Snowflake `cast(x as text(255))` / `x::string(60)`: a sized string type the grammar knows
 *   only as varchar, read as `char(255)` (the type of a column says nothing of the shape).
 * Without these the statement kept its tables only (a polyglot fallback), with no columns
 * or grain: a third of one Snowflake project's models.
 */
import type { Token } from './tokens.js';

const SEMI_STRUCTURED_TYPES = new Set(['OBJECT', 'ARRAY', 'VARIANT']);
const SIZED_STRING_TYPES = new Set(['TEXT', 'STRING']);

/** cheap test before tokenizing: could the text hold any of the forms above? */
export const MAY_HOLD_SEMI_STRUCTURED = /=>|\]\s*:[^:]|\)\s+:[a-z_]|\b(object|array|variant)\b|\w\$[a-z_]|\b(omit|keep)\s+quotes\b|\barray\s+wrapper\b|\b(text|string)\s*\(/i;

export function respellSemiStructured(chars: string[], t: Token[], start: number, end: number, base: number): void {
  const put = (tok: Token, text: string) => {
    for (let i = tok.start; i < tok.end; i++) chars[i - base] = i - tok.start < text.length ? text[i - tok.start] : ' ';
  };
  let depth = 0;
  for (let k = start; k < end; k++) {
    const tok = t[k];
    if (tok.text === '(') depth++;
    else if (tok.text === ')') depth--;
    const prev = t[k - 1];
    const next = t[k + 1];
    if (tok.type === 'word' && tok.text.indexOf('$') > 0 && /^[A-Za-z_]\w*(\$\w+)+$/.test(tok.text)) {
      put(tok, tok.text.replace(/\$/g, '_'));
      continue;
    }
    const printing = depth > 0 && tok.type === 'word' ? jsonPrintingClause(t, k, end) : 0;
    if (printing > 0) {
      for (let j = k; j < k + printing; j++) put(t[j], '');
      k += printing - 1;
      continue;
    }
    // a type name: after `::`, or after AS inside a cast's parentheses
    const isType = tok.type === 'word' && (prev?.text === '::' || (prev?.upper === 'AS' && depth > 0));
    if (isType && SEMI_STRUCTURED_TYPES.has(tok.upper) && next?.text !== '<') {
      put(tok, 'json');
    } else if (isType && SIZED_STRING_TYPES.has(tok.upper) && next?.text === '(') {
      put(tok, 'char');
    } else if (tok.text === '=>' && depth > 0 && prev?.type === 'word' && k - 1 >= start) {
      put(prev, '');
      put(tok, '');
    } else if (tok.text === ':' && prev?.text === ']' && next?.type === 'word') {
      put(tok, '.');
    } else if (tok.text === ')' && next?.text === ':' && next.start > tok.end && t[k + 2]?.type === 'word') {
      // blank every `:name` segment after the call
      let j = k + 1;
      while (j + 1 < end && t[j].text === ':' && t[j + 1].type === 'word') {
        put(t[j], '');
        put(t[j + 1], '');
        j += 2;
      }
      k = j - 1;
    }
  }
}

/** tokens of a SQL/JSON printing clause starting at k: [KEEP|OMIT] QUOTES [ON SCALAR STRING], WITH[OUT] [CONDITIONAL|UNCONDITIONAL] [ARRAY] WRAPPER */
function jsonPrintingClause(t: Token[], k: number, end: number): number {
  const w = (i: number) => (i < end ? t[i].upper : '');
  if ((w(k) === 'OMIT' || w(k) === 'KEEP') && w(k + 1) === 'QUOTES') return w(k + 2) === 'ON' && w(k + 3) === 'SCALAR' && w(k + 4) === 'STRING' ? 5 : 2;
  if (w(k) !== 'WITH' && w(k) !== 'WITHOUT') return 0;
  let j = k + 1;
  if (w(j) === 'CONDITIONAL' || w(j) === 'UNCONDITIONAL') j++;
  if (w(j) === 'ARRAY') j++;
  return w(j) === 'WRAPPER' ? j + 1 - k : 0;
}
