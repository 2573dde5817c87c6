/**
 * Hive's multi-insert, `FROM src INSERT ... SELECT a WHERE x INSERT ... SELECT b`: one
 * scan feeding several targets. No grammar we ship reads it, so each INSERT is rewritten
 * as the ordinary statement it means, `INSERT ... SELECT a FROM src WHERE x` (the FROM
 * clause moves after the select list), and read on its own.
 */
import { matchParen, tokenize, type Token } from './tokens.js';

/** where a select list ends: the clauses that may follow the FROM a multi-insert omits */
const AFTER_FROM = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'LIMIT', 'WINDOW', 'UNION']);

/** the statements a multi-insert stands for, or undefined when `tokens` is not one */
export function multiInsertParts(text: string, tokens: Token[]): string[] | undefined {
  if (tokens[0]?.upper === 'WITH') return withMultiInsert(text, tokens);
  if (tokens[0]?.upper !== 'FROM') return undefined;
  const inserts = topLevel(tokens, 0, tokens.length, (t) => t.upper === 'INSERT');
  if (inserts.length === 0) return undefined;
  const base = tokens[0].start;
  const slice = (a: number, b: number) => text.slice(tokens[a].start - base, tokens[b - 1].end - base);
  const from = slice(1, inserts[0]);
  return inserts.map((at, i) => {
    const end = inserts[i + 1] ?? tokens.length;
    const select = topLevel(tokens, at, end, (t) => t.upper === 'SELECT')[0];
    if (select === undefined) return slice(at, end);
    const stop = topLevel(tokens, select + 1, end, (t) => AFTER_FROM.has(t.upper))[0] ?? end;
    return `${slice(at, stop)} FROM ${from}${stop < end ? ` ${slice(stop, end)}` : ''}`;
  });
}

/** indexes in [from, to) of the words outside parentheses that match */
function topLevel(tokens: Token[], from: number, to: number, match: (t: Token) => boolean): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.type === 'word' && match(t)) out.push(k);
  }
  return out;
}

/** `WITH a AS (...) FROM a INSERT ...`: each INSERT gets the WITH before its SELECT */
function withMultiInsert(text: string, tokens: Token[]): string[] | undefined {
  const k = afterCtes(tokens);
  if (k === undefined || tokens[k]?.upper !== 'FROM') return undefined;
  const base = tokens[0].start;
  const ctes = text.slice(0, tokens[k - 1].end - base);
  return multiInsertParts(text.slice(tokens[k].start - base), tokens.slice(k))?.map((p) => withBeforeSelect(p, ctes) ?? `${ctes} ${p}`);
}

/**
 * `INSERT ... WITH a AS (...) SELECT ...` for `WITH a AS (...)` and `INSERT ... SELECT ...`:
 * the same statement (Hive, Spark, Postgres, Snowflake, T-SQL all take a WITH query as
 * the rows inserted), in the spelling node-sql-parser reads, with columns and grain.
 */
export function withBeforeSelect(insert: string, ctes: string): string | undefined {
  const t = tokenize(insert);
  const select = topLevel(t, 0, t.length, (x) => x.upper === 'SELECT')[0];
  if (t[0]?.upper !== 'INSERT' || select === undefined) return undefined;
  return `${insert.slice(0, t[select].start)}${ctes} ${insert.slice(t[select].start)}`;
}

/** the index of the first token after a leading `WITH [RECURSIVE] a [(cols)] AS (...), ...`, if the statement has one */
export function afterCtes(tokens: Token[]): number | undefined {
  if (tokens[0]?.upper !== 'WITH') return undefined;
  let k = tokens[1]?.upper === 'RECURSIVE' ? 2 : 1;
  for (;;) {
    k++; // the CTE's name
    if (tokens[k]?.text === '(') k = matchParen(tokens, k) + 1; // its column list
    if (tokens[k]?.upper !== 'AS' || tokens[k + 1]?.text !== '(') return undefined;
    k = matchParen(tokens, k + 1) + 1;
    if (tokens[k]?.text !== ',') return k;
    k++;
  }
}
