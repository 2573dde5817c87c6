/**
 * Blanks out the few clauses that most grammars of node-sql-parser reject but that
 * carry no table reads: QUALIFY (kept aside, it is a grain signal) and Spark's
 * LATERAL VIEW explode(...) (a generator, not a table). Blanking with spaces keeps
 * offsets and line numbers of everything else unchanged.
 */
import { matchParen, type Token } from './tokens.js';
import { MAY_HOLD_SEMI_STRUCTURED, respellSemiStructured } from './semi-structured.js';

export interface PreparedQuery {
  text: string;
  /** the expression of the outermost select's QUALIFY clause */
  qualify?: string;
  /**
   * QUALIFY clauses of CTE bodies (`with deduped as (select .. qualify row_number() .. = 1)`),
   * blanked like the outermost one: the dedupe is the CTE's grain, which dbt models on
   * Snowflake and BigQuery write there more often than at the end. `branch` counts the set
   * operations before it in the body, so it lands on its own select.
   */
  cteQualify: { cte: string; branch: number; expr: string }[];
}

const QUALIFY_END = new Set(['ORDER', 'LIMIT', 'WINDOW', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS']);
const NOT_ALIAS = new Set(['WHERE', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'LATERAL', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'UNION', 'QUALIFY', 'WINDOW', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'ON']);

export function prepareQuery(sql: string, t: Token[], start = 0, end = t.length): PreparedQuery {
  if (start >= end) return { text: '', cteQualify: [] };
  const base = t[start].start;
  const chars = sql.slice(base, t[end - 1].end).split('');
  const blank = (from: number, to: number) => {
    for (let i = t[from].start - base; i < t[to - 1].end - base; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  let qualify: string | undefined;
  const cteQualify: PreparedQuery['cteQualify'] = [];
  // per open parenthesis: its token index and the set operations met inside it so far
  const open: { at: number; branch: number }[] = [];
  let depth = 0;
  for (let k = start; k < end; k++) {
    const tok = t[k];
    if (tok.type === 'punct') {
      if (tok.text === '(') {
        depth++;
        open.push({ at: k, branch: 0 });
      } else if (tok.text === ')') {
        depth--;
        open.pop();
      }
      continue;
    }
    if (SET_OPERATIONS.has(tok.upper) && open.length) open[open.length - 1].branch++;
    if (tok.type !== 'word') continue;
    if (tok.upper === 'QUALIFY') {
      let j = k + 1;
      while (j < end && !(t[j].text === ')' || t[j].text === ';' || QUALIFY_END.has(t[j].upper))) {
        j = t[j].text === '(' ? matchParen(t, j) + 1 : j + 1;
      }
      j = Math.min(j, end);
      const expr = j > k + 1 ? sql.slice(t[k + 1].start, t[j - 1].end) : undefined;
      if (depth === 0 && expr) qualify = expr;
      const cte = open.length && expr ? cteNamed(t, open[open.length - 1].at, start) : undefined;
      if (cte) cteQualify.push({ cte, branch: open[open.length - 1].branch, expr: expr! });
      blank(k, j);
      k = j - 1;
    } else if (tok.upper === 'LATERAL' && t[k + 1]?.upper === 'VIEW') {
      let j = k + 2;
      if (t[j]?.upper === 'OUTER') j++;
      while (j < end && t[j].text !== '(') j++;
      j = Math.min(matchParen(t, j) + 1, end);
      if (j < end && t[j].type === 'word' && !NOT_ALIAS.has(t[j].upper) && t[j].upper !== 'AS') j++;
      if (t[j]?.upper === 'AS') {
        j++;
        while (j < end && t[j].type === 'word' && !NOT_ALIAS.has(t[j].upper)) j += t[j + 1]?.text === ',' ? 2 : 1;
      }
      blank(k, Math.min(j, end));
      k = j - 1;
    }
  }
  if (MAY_HOLD_SEMI_STRUCTURED.test(sql.slice(base, t[end - 1].end))) respellSemiStructured(chars, t, start, end, base);
  return { text: chars.join(''), qualify, cteQualify };
}

const SET_OPERATIONS = new Set(['UNION', 'EXCEPT', 'INTERSECT', 'MINUS']);

/** `name AS (` (or `name (cols) AS (`): the CTE a parenthesis opens, if it opens one */
function cteNamed(t: Token[], paren: number, start: number): string | undefined {
  let k = paren - 1;
  if (t[k]?.upper !== 'AS' || k <= start) return undefined;
  k--;
  if (t[k]?.text === ')') {
    let depth = 0;
    for (; k > start; k--) {
      if (t[k].text === ')') depth++;
      else if (t[k].text === '(' && --depth === 0) break;
    }
    k--;
  }
  const name = t[k];
  return name && k >= start && (name.type === 'word' || name.type === 'qident') ? name.text.replace(/^["`[]|["`\]]$/g, '').toLowerCase() : undefined;
}
