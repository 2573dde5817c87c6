/**
 * What a statement writes and reads when node-sql-parser cannot parse it. The
 * polyglot-sql grammar (tables.ts) reads the whole statement; when it fails too, each
 * parenthesized query (CTE bodies, subqueries) is parsed on its own and the target comes
 * from the statement head. There is no token scan: a word is a table only if a grammar
 * put it in a table position, so keywords, operators and function arguments never are.
 */
import { normalizeName } from '../names.js';
import { readHead } from './head.js';
import { statementTables, type TableLineage } from './tables.js';
import { matchParen, tokenize, type Token } from './tokens.js';
import type { Dialect, StatementKind } from './types.js';

/** confidence of lineage from a statement only partly understood (pieces parsed one by one) */
export const HEURISTIC_CONFIDENCE = 0.4;

export interface FallbackTables {
  kind: StatementKind;
  target?: string;
  temporary: boolean;
  /** normalized physical names read; CTE names resolved away */
  sources: string[];
  drops: string[];
  renamedFrom?: string;
  defaultSchema?: string;
  /** true when a grammar read the whole statement */
  whole: boolean;
  error?: string;
}

export function fallbackTables(text: string, tokens: Token[], dialect: Dialect): FallbackTables {
  const whole = statementTables(text, dialect);
  if (whole.ok) return fromLineage(whole, readHead(tokens).target);
  const head = readHead(tokens);
  const target = head.target ? normalizeName(head.target) : undefined;
  const sources = new Set<string>();
  const ctes = new Set<string>();
  for (const piece of queryPieces(tokens)) {
    const res = statementTables(text.slice(piece.start - tokens[0].start, piece.end - tokens[0].start), dialect);
    if (res.ok) for (const r of res.reads) sources.add(normalizeName(r));
    else for (const inner of queryPieces(tokens.slice(piece.from + 1, piece.to))) {
      // a piece that fails holds smaller pieces that may not
      const r2 = statementTables(text.slice(inner.start - tokens[0].start, inner.end - tokens[0].start), dialect);
      if (r2.ok) for (const r of r2.reads) sources.add(normalizeName(r));
    }
  }
  for (const seg of fromSegments(tokens)) {
    const res = statementTables(seg, dialect);
    if (res.ok) for (const r of res.reads) if (r !== JINJA_PLACEHOLDER) sources.add(normalizeName(r));
  }
  // `name AS (` after WITH or a comma names a CTE: the grammar pieces read through it
  for (let k = 1; k + 2 < tokens.length; k++) {
    if (tokens[k + 1].upper === 'AS' && tokens[k + 2].text === '(' && ['WITH', ',', 'RECURSIVE'].includes(tokens[k - 1].upper)) ctes.add(tokens[k].text.toLowerCase());
  }
  for (const c of ctes) sources.delete(c);
  return {
    kind: head.kind,
    target,
    temporary: head.temporary,
    sources: [...sources],
    drops: (head.drops ?? []).map(normalizeName),
    whole: false,
    error: whole.error,
  };
}

function fromLineage(l: TableLineage, headTarget: string | undefined): FallbackTables {
  const writes = l.writes.map(normalizeName);
  const target = l.renames[0] ? normalizeName(l.renames[0].to) : headTarget && writes.includes(normalizeName(headTarget)) ? normalizeName(headTarget) : writes[0];
  return {
    kind: l.kind,
    target,
    temporary: l.temporary,
    sources: [...new Set(l.reads.map(normalizeName))],
    drops: l.drops.map(normalizeName),
    renamedFrom: l.renames[0] ? normalizeName(l.renames[0].from) : undefined,
    defaultSchema: l.defaultSchema,
    whole: true,
  };
}

interface Piece {
  /** token indexes of `(` and `)` */
  from: number;
  to: number;
  /** text offsets of the query inside */
  start: number;
  end: number;
}

/** top-level parenthesized queries: `( SELECT ... )` and `( WITH ... )` */
function queryPieces(tokens: Token[]): Piece[] {
  const out: Piece[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].text !== '(') continue;
    const close = matchParen(tokens, k);
    const first = tokens[k + 1];
    if (first && (first.upper === 'SELECT' || first.upper === 'WITH') && close > k + 1 && close < tokens.length) {
      out.push({ from: k, to: close, start: first.start, end: tokens[close - 1].end });
      k = close;
    }
  }
  return out;
}

const JINJA_PLACEHOLDER = 'grainline_jinja';
const ITEM_END = new Set(['JOIN', 'ON', 'USING']);
const JOIN_MODIFIER = new Set(['LEFT', 'RIGHT', 'INNER', 'FULL', 'OUTER', 'CROSS', 'NATURAL', 'ANTI', 'SEMI', 'LATERAL']);
// FOR ends a FROM item too: FOR SYSTEM_TIME AS OF (BigQuery, T-SQL), FOR UPDATE
const CLAUSE_END = new Set(['WHERE', 'GROUP', 'ORDER', 'HAVING', 'QUALIFY', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'WINDOW', 'SELECT', 'FOR']);

/**
 * Each FROM list and JOIN item on its own, as `SELECT * FROM <item>` for the grammar: a statement
 * broken elsewhere (a typo in the select list, a Jinja leftover) still shows what it reads.
 * A FROM inside a function's parentheses (EXTRACT(year FROM d), TRIM(BOTH FROM x)) is
 * an argument, not a table list, and is skipped; a Jinja tag becomes a placeholder name.
 */
function fromSegments(tokens: Token[]): string[] {
  const out: string[] = [];
  /** for each open paren: does it hold a query? */
  const parenIsQuery: boolean[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k];
    if (tok.text === '(') parenIsQuery.push(['SELECT', 'WITH'].includes(tokens[k + 1]?.upper ?? ''));
    else if (tok.text === ')') parenIsQuery.pop();
    // DELETE ... USING t: a table list too (JOIN ... USING (col) is a column list and is not)
    else if ((tok.upper === 'FROM' || tok.upper === 'JOIN' || (tok.upper === 'USING' && tokens[k + 1]?.text !== '(')) && tok.type === 'word' && (parenIsQuery.length === 0 || parenIsQuery[parenIsQuery.length - 1])) {
      const parts: string[] = [];
      let depth = 0;
      for (let j = k + 1; j < tokens.length; j++) {
        const t = tokens[j];
        if (t.text === '(') depth++;
        else if (t.text === ')' && --depth < 0) break;
        if (depth === 0 && (t.text === ';' || (t.type === 'word' && (CLAUSE_END.has(t.upper) || ITEM_END.has(t.upper))))) break;
        parts.push(t.type === 'jinja' ? JINJA_PLACEHOLDER : t.text);
      }
      // `a LEFT JOIN b`: the join's modifiers end the item before it
      while (parts.length > 0 && JOIN_MODIFIER.has(parts[parts.length - 1].toUpperCase())) parts.pop();
      if (parts.length > 0) out.push(`SELECT * FROM ${parts.join(' ')}`);
    }
  }
  return out;
}

/** tables a whole text reads (a query from a log or a dashboard), for usage statistics */
export function tablesOfText(sql: string, dialect: Dialect = 'postgres'): { sources: string[]; whole: boolean } {
  const tokens = tokenize(sql);
  if (tokens.length === 0) return { sources: [], whole: false };
  const res = fallbackTables(sql.slice(tokens[0].start, tokens[tokens.length - 1].end), tokens, dialect);
  return { sources: res.sources, whole: res.whole };
}
