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
}

const QUALIFY_END = new Set(['ORDER', 'LIMIT', 'WINDOW', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS']);
const NOT_ALIAS = new Set(['WHERE', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'LATERAL', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'UNION', 'QUALIFY', 'WINDOW', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'ON']);

export function prepareQuery(sql: string, t: Token[], start = 0, end = t.length): PreparedQuery {
  if (start >= end) return { text: '' };
  const base = t[start].start;
  const chars = sql.slice(base, t[end - 1].end).split('');
  const blank = (from: number, to: number) => {
    for (let i = t[from].start - base; i < t[to - 1].end - base; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  let qualify: string | undefined;
  let depth = 0;
  for (let k = start; k < end; k++) {
    const tok = t[k];
    if (tok.type === 'punct') {
      if (tok.text === '(') depth++;
      else if (tok.text === ')') depth--;
      continue;
    }
    if (tok.type !== 'word') continue;
    if (tok.upper === 'QUALIFY') {
      let j = k + 1;
      while (j < end && !(t[j].text === ')' || t[j].text === ';' || QUALIFY_END.has(t[j].upper))) {
        j = t[j].text === '(' ? matchParen(t, j) + 1 : j + 1;
      }
      j = Math.min(j, end);
      if (depth === 0 && j > k + 1) qualify = sql.slice(t[k + 1].start, t[j - 1].end);
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
  return { text: chars.join(''), qualify };
}
