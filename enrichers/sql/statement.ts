/**
 * Facts of one statement: the head scanner finds what is written, the parser reads
 * the query that produces it, the scope model resolves what is read.
 */
import { hashDetermined } from './hash-determined.js';
import type { ColumnFact, GrainFact, JoinEdge, Warning } from '../../schemas/facts.js';
import { normalizeName } from '../names.js';
import { columnRef, conjuncts, cteName, isEquality, subquerySelect } from './ast.js';
import { analyzeDdl } from './ddl.js';
import { fallbackTables } from './fallback.js';
import { isFilePath } from './tables.js';
import { GRAIN_CONFIDENCE, selectGrain } from './grain.js';
import { readHead, type StatementHead, type TokenRange } from './head.js';
import { parseStatement, type Node } from './parse.js';
import { prepareQuery, type PreparedQuery } from './prepare.js';
import { parseTranspiled } from './transpiled-parse.js';
import { analyzeTopQuery, newContext, renameColumns, type QueryContext, type RawJoin } from './scope.js';
import { PARTIAL_JOIN } from './joins-on.js';
import type { StatementText } from './split.js';
import type { Token } from './tokens.js';
import type { Dialect, SqlStatementFacts } from './types.js';

export const SQL_JOIN_CONFIDENCE = 0.9;
/** below a whole join's, so a whole join on the same columns wins */
const PARTIAL_JOIN_CONFIDENCE = 0.8;

interface At {
  file: string;
  line: number;
}

export interface StatementResult {
  facts?: SqlStatementFacts;
  warnings: Warning[];
  /** the grammar that parsed it, when one did */
  dialect?: Dialect;
  /** a USE / SET search_path statement: the schema later unqualified names are in */
  defaultSchema?: string;
}

export function analyzeStatement(sql: string, stmt: StatementText, dialect: Dialect, at: At): StatementResult {
  const t = stmt.tokens;
  const head = readHead(t);
  const base: SqlStatementFacts = {
    kind: head.kind,
    target: head.target ? normalizeName(head.target) : undefined,
    temporary: head.temporary,
    sources: [],
    columns: [],
    grain: [],
    joins: [],
    line: at.line,
    parsed: true,
  };
  if (head.drops) base.drops = head.drops.map(normalizeName);
  if (head.defaultSchema) return { warnings: [], defaultSchema: normalizeName(head.defaultSchema) };
  // ALTER TABLE a RENAME TO b / SWAP WITH b / EXCHANGE PARTITION ... WITH TABLE b moves rows between names
  if (t[0]?.upper === 'ALTER' && t[1]?.upper === 'TABLE' && t.some((x) => ['RENAME', 'SWAP', 'EXCHANGE'].includes(x.upper))) {
    return tablesOnly(stmt, { ...base, kind: 'other' }, dialect, at);
  }
  if (head.ignorable) return { facts: base.drops ? base : undefined, warnings: [] };
  if (t.some((x) => x.type === 'jinja')) {
    return fallback(stmt, dialect, at, 'sql-jinja-leftover', 'unrendered Jinja in SQL; its parenthesized queries read one by one');
  }
  if (head.columnList && base.target) {
    const ddl = analyzeDdl(sql, t, head.columnList, base.target, dialect, at);
    const warnings: Warning[] = ddl.parsed ? [] : [{ file: at.file, line: at.line, code: 'sql-ddl-unparsed', message: `column list read by the fallback scanner: ${ddl.error}` }];
    return { facts: { ...base, columns: ddl.columns, grain: ddl.grain, joins: ddl.joins, parsed: ddl.parsed }, warnings };
  }
  if (head.kind === 'merge' && head.merge) return mergeFacts(sql, t, head, base, dialect, at);
  if (!head.body) {
    // CREATE TABLE x LIKE / CLONE y, UPDATE ... FROM, DELETE ... USING: tables only, from the grammar of tables.ts
    return tablesOnly(stmt, base, dialect, at);
  }
  // INSERT ... VALUES reads no table unless a value is a subquery; some grammars reject a bare VALUES list
  if (t[head.body.start]?.upper === 'VALUES') {
    return t.some((x) => x.upper === 'SELECT') ? tablesOnly(stmt, base, dialect, at) : { facts: base, warnings: [] };
  }
  const prepared = prepareQuery(sql, t, head.body.start, head.body.end);
  const direct = parseStatement(prepared.text, dialect);
  const res = direct.ok ? direct : parseTranspiled(prepared.text, dialect);
  if (!res?.ok) return fallback(stmt, dialect, at, 'sql-parse-failed', direct.ok ? '' : direct.error);
  for (const q of prepared.cteQualify) attachCteQualify(res.ast, q, res.dialect);
  const ctx = newContext();
  const top = analyzeTopQuery(res.ast, new Map(), ctx);
  if (head.insertColumns) renameColumns(top.rel, head.insertColumns);
  const qualify = prepared.qualify ? parseQualify(prepared.qualify, res.dialect) : undefined;
  const grain = base.target || head.kind === 'select' ? selectGrain(top.sel, top.rel, top.scope, qualify, at) : [];
  if (head.conflictKeys) grain.push({ columns: head.conflictKeys, source: 'sql', confidence: GRAIN_CONFIDENCE.merge, file: at.file, line: at.line, detail: 'ON CONFLICT' });
  // a job reading its own target (incremental INSERT ... WHERE NOT EXISTS) is not its own upstream
  const sources = [...ctx.sources].filter((s) => s !== base.target && !isFilePath(s));
  const columns: ColumnFact[] = top.rel.columns
    .filter((c) => c.name)
    .map((c) => ({ name: c.name!, lineage: c.lineage.length > 0 ? c.lineage : undefined, ...hashDetermined(c, top.rel), source: 'sql' as const }));
  return {
    facts: { ...base, sources, columns, grain, joins: joinEdges(ctx.joins, at), ...(top.rel.origin && (!top.rel.union || top.rel.origin.branches) ? { rowOrigin: top.rel.origin } : {}) },
    warnings: [],
    dialect: res.dialect,
  };
}

/** puts a CTE's blanked QUALIFY back on its select, where the grain rules read a kept one */
function attachCteQualify(ast: Node, q: PreparedQuery['cteQualify'][number], dialect: Dialect): void {
  const top = subquerySelect(ast) ?? ast;
  const cte = (Array.isArray(top.with) ? top.with : []).find((c: Node) => cteName(c) === q.cte);
  let sel = cte && subquerySelect(cte.stmt);
  for (let b = 0; sel && b < q.branch; b++) sel = sel._next;
  const where = sel && !sel.qualify ? parseQualify(q.expr, dialect) : undefined;
  if (where) sel.qualify = where;
}

/** the expression of a QUALIFY clause, parsed as a WHERE so every grammar accepts it */
function parseQualify(expr: string, dialect: Dialect): Node | undefined {
  const res = parseStatement(`SELECT 1 FROM grainline_qualify WHERE ${expr}`, dialect);
  return res.ok ? res.ast.where : undefined;
}

/**
 * MERGE is in no grammar of node-sql-parser. Its parts are: the target, a USING
 * source (table or query) and an ON condition; `SELECT * FROM target JOIN source
 * ON cond` is an equivalent read that every grammar accepts. The target's own
 * columns in ON are the merge key, hence the grain. The target is not its own upstream,
 * and ON is not a join key of the target.
 */
function mergeFacts(sql: string, t: Token[], head: StatementHead, base: SqlStatementFacts, dialect: Dialect, at: At): StatementResult {
  const m = head.merge!;
  const text = (r: TokenRange) => sql.slice(t[r.start].start, t[r.end - 1].end);
  const usingText = prepareQuery(sql, t, m.using.start, m.using.end).text;
  const synthetic = `SELECT * FROM ${head.target} ${m.targetAlias ? `AS ${m.targetAlias}` : ''} JOIN ${usingText} ${m.usingAlias ? `AS ${m.usingAlias}` : ''} ON ${text(m.on)}`;
  const res = parseStatement(synthetic, dialect);
  if (!res.ok) return fallback({ text: sql.slice(t[0].start, t[t.length - 1].end), tokens: t, line: at.line, offset: t[0].start }, dialect, at, 'sql-parse-failed', res.error);
  const ctx: QueryContext = newContext();
  analyzeTopQuery(res.ast, new Map(), ctx);
  const targetNames = new Set([m.targetAlias?.toLowerCase(), base.target, base.target?.split('.').pop()].filter(Boolean));
  const keys: string[] = [];
  for (const c of conjuncts(res.ast.from?.[1]?.on)) {
    if (!isEquality(c)) continue;
    for (const side of [c.left, c.right]) {
      const ref = columnRef(side);
      if (ref?.table && targetNames.has(ref.table)) keys.push(ref.column);
    }
  }
  const grain: GrainFact[] = keys.length > 0 ? [{ columns: [...new Set(keys)], source: 'sql', confidence: GRAIN_CONFIDENCE.merge, file: at.file, line: at.line, detail: 'MERGE ON' }] : [];
  ctx.sources.delete(base.target!);
  // ON pairs the target with its own next rows: an upsert key, not a way to join two tables
  const joins = joinEdges(ctx.joins, at).filter((e) => e.left.table !== base.target && e.right.table !== base.target);
  return { facts: { ...base, sources: [...ctx.sources].filter((s) => !isFilePath(s)), grain, joins }, warnings: [], dialect: res.dialect };
}

/**
 * The tables a statement writes and reads, from polyglot-sql when node-sql-parser has
 * no grammar for it: no grain or columns, but the lineage is a parser's, not a guess.
 */
function tablesOnly(stmt: StatementText, base: SqlStatementFacts, dialect: Dialect, at: At): StatementResult {
  const res = fallbackTables(stmt.text, stmt.tokens, dialect);
  const target = res.target ?? base.target;
  const facts: SqlStatementFacts = {
    ...base,
    kind: base.kind === 'other' ? res.kind : base.kind,
    target,
    // a job reading its own target is not its own upstream (kept by `grainline lineage`)
    sources: res.sources.filter((s) => s !== target),
    parsed: res.whole,
    ...(res.renamedFrom ? { renamedFrom: res.renamedFrom } : {}),
  };
  const warnings: Warning[] = res.whole ? [] : [{ file: at.file, line: at.line, code: 'sql-parse-failed', message: res.error ?? 'no grammar parsed it' }];
  return { facts, warnings };
}

/**
 * node-sql-parser failed: polyglot-sql reads the statement's tables (grain and columns
 * are lost, said by the warning), or else its subqueries one by one.
 */
function fallback(stmt: StatementText, dialect: Dialect, at: At, code: string, message: string): StatementResult {
  const res = fallbackTables(stmt.text, stmt.tokens, dialect);
  return {
    facts: {
      kind: res.kind,
      target: res.target,
      temporary: res.temporary,
      sources: res.sources.filter((s) => s !== res.target),
      columns: [],
      grain: [],
      joins: [],
      line: at.line,
      parsed: res.whole,
      drops: res.drops.length > 0 ? res.drops : undefined,
      ...(res.renamedFrom ? { renamedFrom: res.renamedFrom } : {}),
    },
    warnings: [{ file: at.file, line: at.line, code: res.whole && code === 'sql-parse-failed' ? 'sql-shape-unparsed' : code, message: res.whole ? `tables read by the polyglot grammar; no grain or columns: ${message}` : `${message}; ${res.error ?? ''}`.trim() }],
  };
}

/** raw joins to JoinEdges, one edge per pair of physical tables with column lists in matching order */
export function joinEdges(raw: RawJoin[], at: At): JoinEdge[] {
  const edges: JoinEdge[] = [];
  for (const j of raw) {
    const byPair = new Map<string, JoinEdge>();
    j.left.forEach((l, i) => {
      const r = j.right[i];
      const key = `${l.table}|${r.table}`;
      let e = byPair.get(key);
      if (!e) {
        e = { source: 'sql', confidence: SQL_JOIN_CONFIDENCE, file: at.file, line: at.line, left: { table: l.table, columns: [] }, right: { table: r.table, columns: [] } };
        byPair.set(key, e);
        edges.push(e);
      }
      e.left.columns.push(l.column);
      e.right.columns.push(r.column);
    });
    // a pair of tables holding only part of the columns compared holds part of the key (joins-on.ts)
    if (j.partial || byPair.size > 1) for (const e of byPair.values()) Object.assign(e, { confidence: PARTIAL_JOIN_CONFIDENCE, detail: PARTIAL_JOIN });
  }
  return edges;
}

