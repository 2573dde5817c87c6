/**
 * The last resort when no grammar parses a statement: a scan of the tokens for the
 * table written (after CREATE ... TABLE/VIEW, INSERT INTO/OVERWRITE, MERGE INTO) and
 * the tables read (after FROM / JOIN / USING). Facts from here are `heuristic`.
 */
import { normalizeName } from '../names.js';
import { readHead } from './head.js';
import { readDottedName, tokenize, type Token } from './tokens.js';
import type { StatementKind } from './types.js';

export const HEURISTIC_CONFIDENCE = 0.4;

export interface ScannedStatement {
  kind: StatementKind;
  target?: string;
  temporary: boolean;
  sources: string[];
  drops: string[];
}

const READ_AFTER = new Set(['FROM', 'JOIN', 'USING']);
const CLAUSE = new Set(['WHERE', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'ON', 'USING', 'UNION', 'QUALIFY', 'WINDOW', 'LATERAL', 'NATURAL', 'OUTER']);

export function scanStatement(tokens: Token[]): ScannedStatement {
  const head = readHead(tokens);
  const target = head.target ? normalizeName(head.target) : undefined;
  const cteNames = new Set<string>();
  const sources = new Set<string>();
  /** for each open paren: does it hold a query? A FROM inside EXTRACT(x FROM y) is no table read */
  const parenIsQuery: boolean[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k];
    if (tok.text === '(') {
      parenIsQuery.push(['SELECT', 'WITH'].includes(tokens[k + 1]?.upper ?? ''));
      continue;
    }
    if (tok.text === ')') {
      parenIsQuery.pop();
      continue;
    }
    if (tok.type !== 'word') continue;
    if (tokens[k + 1]?.upper === 'AS' && tokens[k + 2]?.text === '(' && (tokens[k - 1]?.upper === 'WITH' || tokens[k - 1]?.text === ',' || tokens[k - 1]?.upper === 'RECURSIVE')) {
      cteNames.add(tok.text.toLowerCase());
      continue;
    }
    if (!READ_AFTER.has(tok.upper)) continue;
    if (parenIsQuery.length > 0 && !parenIsQuery[parenIsQuery.length - 1]) continue;
    if (tok.upper === 'USING' && head.kind !== 'merge') continue;
    // FROM a x, b AS y, c: a comma list of names, each with an optional alias
    for (let j = k + 1; ; ) {
      const name = readDottedName(tokens, j);
      if (!name || tokens[name.next]?.text === '(') break; // table function call
      if (tokens[j].type === 'word' && (CLAUSE.has(tokens[j].upper) || tokens[j].upper === 'SELECT')) break;
      const norm = normalizeName(name.name);
      if (/^(select|lateral|unnest|table)$/i.test(norm)) break;
      sources.add(norm);
      j = name.next;
      if (tokens[j]?.upper === 'AS') j++;
      if (tokens[j]?.type === 'word' && !CLAUSE.has(tokens[j].upper)) j++;
      if (tokens[j]?.text !== ',') break;
      j++;
    }
  }
  for (const c of cteNames) sources.delete(c);
  if (target && head.kind !== 'select') sources.delete(target);
  return {
    kind: head.kind,
    target,
    temporary: head.temporary,
    sources: [...sources],
    drops: (head.drops ?? []).map(normalizeName),
  };
}

/** scan a whole text (one statement or a fragment) */
export function scanSql(sql: string): ScannedStatement {
  return scanStatement(tokenize(sql));
}
