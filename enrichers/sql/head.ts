/**
 * Reads the head of a statement (CREATE ... TABLE name ... AS, INSERT INTO name,
 * MERGE INTO name USING ... ON ...) from tokens, and hands only the query part to
 * the parser. Dialect decorations between the name and the query (USING DELTA,
 * PARTITIONED BY, DISTKEY, OPTIONS(...), TBLPROPERTIES, CLUSTER BY ...) differ in
 * every warehouse and no one grammar accepts them all; the queries themselves are
 * far more uniform.
 */
import type { StatementKind } from './types.js';
import { matchParen, readDottedName, type Token } from './tokens.js';

export interface TokenRange {
  start: number;
  end: number;
}

export interface StatementHead {
  kind: StatementKind;
  /** target name as written */
  target?: string;
  temporary: boolean;
  /** tokens of the query that produces the rows written (or of the whole SELECT) */
  body?: TokenRange;
  /** tokens of a DDL column list, parentheses included */
  columnList?: TokenRange;
  /** INSERT INTO t (a, b): the names the query's columns are written to */
  insertColumns?: string[];
  /** INSERT ... ON CONFLICT (k) DO ...: the upsert key, a grain of the target */
  conflictKeys?: string[];
  merge?: { targetAlias?: string; using: TokenRange; usingAlias?: string; on: TokenRange };
  /** DROP TABLE names */
  drops?: string[];
  /** the statement is one we read on purpose no further (SET, GRANT, USE, ...) */
  ignorable?: boolean;
  /** USE [SCHEMA] s / SET search_path TO s / SET SCHEMA 's': where later unqualified names live */
  defaultSchema?: string;
}

const TEMP_WORDS = new Set(['TEMP', 'TEMPORARY', 'VOLATILE']);
const CREATE_MODIFIERS = new Set(['OR', 'REPLACE', 'GLOBAL', 'LOCAL', 'TRANSIENT', 'EXTERNAL', 'MULTISET', 'SET', 'MATERIALIZED', 'SECURE', 'RECURSIVE', 'UNLOGGED', 'IF', 'NOT', 'EXISTS', ...TEMP_WORDS]);
const QUERY_START = new Set(['SELECT', 'WITH', 'VALUES', 'FROM']);

export function readHead(t: Token[]): StatementHead {
  const head: StatementHead = { kind: 'other', temporary: false };
  const w = (k: number) => t[k]?.upper;
  const first = w(0);
  if (first === 'SELECT' || first === 'WITH' || t[0]?.text === '(') return { ...head, kind: 'select', body: { start: 0, end: t.length } };
  if (first === 'CREATE') return readCreate(t, head);
  if (first === 'INSERT') return readInsert(t, head);
  if (first === 'MERGE') return readMerge(t, head);
  if (first === 'UPDATE') {
    const name = readDottedName(t, 1);
    return { ...head, kind: 'update', target: name?.name };
  }
  if (first === 'DELETE') {
    const name = readDottedName(t, w(1) === 'FROM' ? 2 : 1);
    return { ...head, kind: 'delete', target: name?.name };
  }
  if (first === 'DROP' && (w(1) === 'TABLE' || w(1) === 'VIEW')) {
    let k = 2;
    if (w(k) === 'IF' && w(k + 1) === 'EXISTS') k += 2;
    const drops: string[] = [];
    for (let name = readDottedName(t, k); name; name = t[name.next]?.text === ',' ? readDottedName(t, name.next + 1) : null) drops.push(name.name);
    return { ...head, drops, ignorable: true };
  }
  return { ...head, defaultSchema: readDefaultSchema(t), ignorable: true };
}

/** Statements only a session sees: USE and SET choose the schema unqualified names resolve in. */
const NOT_A_SCHEMA = new Set(['WAREHOUSE', 'ROLE', 'SECONDARY', 'CATALOG', 'DATABASE']);

function readDefaultSchema(t: Token[]): string | undefined {
  const w = (k: number) => t[k]?.upper;
  let k: number;
  if (w(0) === 'USE') {
    if (NOT_A_SCHEMA.has(w(1) ?? '')) return undefined;
    k = w(1) === 'SCHEMA' ? 2 : 1;
  } else if (w(0) === 'SET' && (w(1) === 'SEARCH_PATH' || w(1) === 'SCHEMA')) {
    k = t[2]?.upper === 'TO' || t[2]?.text === '=' ? 3 : 2;
  } else return undefined;
  // the first schema of a search path that names one; `"$user"` names none
  for (; k < t.length && t[k].text !== ';'; k++) {
    if (t[k].text === ',') continue;
    if (t[k].type === 'string') {
      const name = t[k].text.slice(1, -1);
      if (name && !name.startsWith('$')) return name;
      continue;
    }
    const name = readDottedName(t, k);
    if (name && !name.name.includes('$')) return name.name;
    k = name ? name.next - 1 : k;
  }
  return undefined;
}

function readCreate(t: Token[], head: StatementHead): StatementHead {
  let k = 1;
  let isView = false;
  while (k < t.length) {
    const u = t[k].upper;
    if (TEMP_WORDS.has(u)) head.temporary = true;
    if (u === 'TABLE' || u === 'VIEW') {
      isView = u === 'VIEW';
      k++;
      break;
    }
    if (!CREATE_MODIFIERS.has(u)) return { ...head, ignorable: true }; // CREATE SCHEMA, FUNCTION, INDEX, ...
    k++;
  }
  if (t[k]?.upper === 'IF' && t[k + 1]?.upper === 'NOT') k += 3;
  const name = readDottedName(t, k);
  if (!name) return head;
  head.target = name.name;
  if (name.name.startsWith('#')) head.temporary = true;
  k = name.next;
  if (t[k]?.text === '(') {
    const close = matchParen(t, k);
    const bodyAt = findQueryAfterAs(t, close + 1);
    if (bodyAt === undefined && !isView) {
      return { ...head, kind: 'create_table', columnList: { start: k, end: close + 1 } };
    }
    k = close + 1;
  }
  const bodyAt = findQueryAfterAs(t, k);
  if (bodyAt === undefined) {
    // CREATE TABLE x LIKE y / CLONE y: a copy of y's shape, read as a plain DDL
    return { ...head, kind: isView ? 'create_view' : 'create_table' };
  }
  return { ...head, kind: isView ? 'create_view' : 'create_table_as', body: { start: bodyAt, end: t.length } };
}

/** the token index where the query after `AS` begins, skipping decorations at paren depth 0 */
function findQueryAfterAs(t: Token[], from: number): number | undefined {
  for (let k = from; k < t.length; k++) {
    if (t[k].text === '(') {
      k = matchParen(t, k);
      continue;
    }
    if (t[k].upper === 'AS' && t[k].type === 'word') {
      const next = t[k + 1];
      if (next && (QUERY_START.has(next.upper) || next.text === '(')) return k + 1;
    }
    // Spark and some others allow CREATE TABLE x USING delta SELECT ... without AS
    if (QUERY_START.has(t[k].upper) && t[k].upper !== 'VALUES' && t[k].upper !== 'FROM') return k;
  }
  return undefined;
}

function readInsert(t: Token[], head: StatementHead): StatementHead {
  let k = 1;
  while (k < t.length && ['INTO', 'OVERWRITE', 'TABLE', 'ALL', 'OR', 'REPLACE', 'IGNORE'].includes(t[k].upper)) k++;
  const name = readDottedName(t, k);
  if (!name) return { ...head, kind: 'insert' };
  head.target = name.name;
  k = name.next;
  for (;;) {
    if (t[k]?.upper === 'PARTITION' && t[k + 1]?.text === '(') k = matchParen(t, k + 1) + 1;
    else if (t[k]?.upper === 'IF' && t[k + 1]?.upper === 'NOT') k += 3;
    else break;
  }
  if (t[k]?.text === '(' && !QUERY_START.has(t[k + 1]?.upper ?? '')) {
    const close = matchParen(t, k);
    head.insertColumns = t.slice(k + 1, close).filter((x) => x.type === 'word' || x.type === 'qident').map((x) => x.text.replace(/["`]/g, '').toLowerCase());
    k = close + 1;
  }
  const query = t[k]?.upper === 'BY' && t[k + 1]?.upper === 'NAME' ? k + 2 : k;
  const upsert = upsertClause(t, query);
  if (upsert) return { ...head, kind: 'insert', body: { start: query, end: upsert.at }, conflictKeys: upsert.keys };
  return { ...head, kind: 'insert', body: { start: query, end: t.length } };
}

/** Postgres `ON CONFLICT (k) DO ...` / MySQL `ON DUPLICATE KEY UPDATE` after the query: not part of it. */
function upsertClause(t: Token[], from: number): { at: number; keys?: string[] } | undefined {
  for (let k = from; k < t.length; k++) {
    if (t[k].text === '(') {
      k = matchParen(t, k);
      continue;
    }
    if (t[k].upper !== 'ON' || (t[k + 1]?.upper !== 'CONFLICT' && t[k + 1]?.upper !== 'DUPLICATE')) continue;
    if (t[k + 1].upper === 'DUPLICATE' || t[k + 2]?.text !== '(') return { at: k };
    const close = matchParen(t, k + 2);
    const keys = t.slice(k + 3, close).filter((x) => x.type === 'word' || x.type === 'qident').map((x) => x.text.replace(/["`]/g, '').toLowerCase());
    return { at: k, keys: keys.length ? keys : undefined };
  }
  return undefined;
}

function readMerge(t: Token[], head: StatementHead): StatementHead {
  let k = 1;
  if (t[k]?.upper === 'INTO') k++;
  const name = readDottedName(t, k);
  if (!name) return { ...head, kind: 'merge' };
  head.target = name.name;
  k = name.next;
  const alias = readAlias(t, k, 'USING');
  k = alias.next;
  if (t[k]?.upper !== 'USING') return { ...head, kind: 'merge' };
  const usingStart = k + 1;
  let usingEnd: number;
  if (t[usingStart]?.text === '(') usingEnd = matchParen(t, usingStart) + 1;
  else usingEnd = readDottedName(t, usingStart)?.next ?? usingStart + 1;
  const usingAlias = readAlias(t, usingEnd, 'ON');
  k = usingAlias.next;
  if (t[k]?.upper !== 'ON') return { ...head, kind: 'merge' };
  let end = k + 1;
  while (end < t.length && t[end].upper !== 'WHEN') end = t[end].text === '(' ? matchParen(t, end) + 1 : end + 1;
  return {
    ...head,
    kind: 'merge',
    merge: { targetAlias: alias.alias, using: { start: usingStart, end: usingEnd }, usingAlias: usingAlias.alias, on: { start: k + 1, end } },
  };
}

/** an optional `[AS] alias` before the keyword `stop` */
function readAlias(t: Token[], k: number, stop: string): { alias?: string; next: number } {
  if (t[k]?.upper === 'AS') k++;
  if (t[k] && t[k].upper !== stop && (t[k].type === 'word' || t[k].type === 'qident')) {
    return { alias: t[k].text.replace(/["`]/g, ''), next: k + 1 };
  }
  return { next: k };
}
