/**
 * Lineage of a SQL script as `grainline lineage` shows it: per statement, the tables
 * written and read (names as written, unquoted, from polyglot-sql) and column lineage
 * where node-sql-parser reads the query; then the union over the script, with temp
 * tables seen through to what they were built from.
 */
import { normalizeName } from '../names.js';
import { detectDialect } from './dialect.js';
import { fallbackTables } from './fallback.js';
import { readHead } from './head.js';
import { runNowBody } from './run-now-blocks.js';
import { splitStatements } from './split.js';
import { analyzeStatement } from './statement.js';
import { statementParts, type StatementPart } from './statement-parts.js';
import { statementTables } from './tables.js';
import { tokenize, type Token } from './tokens.js';
import type { Dialect } from './types.js';
import { qualify, useStatement, type Namespace } from './use-namespace.js';

export interface ColumnLineage {
  column: string;
  from: { table: string; column: string }[];
}

export interface StatementLineage {
  line: number;
  writes: string[];
  reads: string[];
  columns: ColumnLineage[];
  error: string | null;
}

export interface ScriptLineage {
  dialect: Dialect;
  statements: StatementLineage[];
  writes: string[];
  reads: string[];
}

interface Working extends StatementLineage {
  temporary: boolean;
  created: boolean;
  drops: string[];
  renamedFrom?: string;
}

export function scriptLineage(sql: string, opts: { file?: string; dialect?: Dialect } = {}): ScriptLineage {
  const dialect = opts.dialect ?? detectDialect(opts.file ?? '', sql);
  const work = statementsOf(sql, dialect, { ns: {} }, 0);
  return { dialect, statements: work.map(publicPart), ...union(work, dialect) };
}

/** each statement's lineage, in order; `state` carries USE from one statement to the next */
function statementsOf(sql: string, dialect: Dialect, state: { ns: Namespace }, lineOffset: number): Working[] {
  const work: Working[] = [];
  for (const stmt of splitStatements(sql, tokenize(sql))) {
    const block = runNowBody(stmt.tokens, sql);
    if (block) {
      // an anonymous block runs its statements now: they are the script's own
      work.push(...statementsOf(block.text, dialect, state, lineOffset + block.line - 1));
      continue;
    }
    const head = readHead(stmt.tokens);
    const parts = statementParts(stmt.text, stmt.tokens, dialect);
    for (const part of parts) {
      const w = statementLineage(part, lineOffset + stmt.line, dialect);
      if (w.use) {
        state.ns = useStatement(state.ns, w.use, dialect);
        continue;
      }
      if (head.defaultSchema) {
        // SET search_path / a USE no grammar read: the head scanner's schema
        state.ns = { prefix: head.defaultSchema.replace(/["`]/g, '') };
        continue;
      }
      const ns = state.ns;
      w.writes = w.writes.map((n) => qualify(ns, n));
      w.reads = w.reads.map((n) => qualify(ns, n));
      w.drops = w.drops.map((n) => qualify(ns, n));
      if (w.renamedFrom) w.renamedFrom = qualify(ns, w.renamedFrom);
      if (parts.length === 1 && parts[0].tokens === stmt.tokens) w.columns = columnLineage(sql, stmt, dialect);
      if (w.writes.length || w.reads.length || w.error || w.drops.length) work.push(w);
    }
  }
  return work;
}

/** one statement's tables, placeholders masked for the grammar and put back in the names */
function statementLineage(part: StatementPart, line: number, dialect: Dialect): Working & { use?: { kind?: string; name: string } } {
  const { text: parsed, tokens } = part;
  const restore = part.restore ?? ((n: string) => n);
  const w: Working & { use?: { kind?: string; name: string } } = { line, writes: [], reads: [], columns: [], error: null, temporary: false, created: false, drops: [] };
  const head = readHead(tokens);
  w.temporary = head.temporary;
  w.created = head.kind.startsWith('create');
  const tables = statementTables(parsed, dialect, { usedCtesOnly: true });
  if (tables.ok) {
    w.use = tables.use;
    w.writes = [...tables.writes, ...tables.locations.writes];
    w.reads = [...tables.reads, ...tables.locations.reads];
    w.temporary ||= tables.temporary;
    w.created ||= tables.kind.startsWith('create');
    w.drops = tables.drops;
    w.renamedFrom = tables.renames[0]?.from;
  } else if (!NO_LINEAGE.has(tokens[0]?.upper ?? '')) {
    // no grammar read it whole: its pieces still say something, and the error says why
    const res = fallbackTables(parsed, tokens, dialect);
    // `INSERT name` without INTO or OVERWRITE is too loose to name a target in a broken statement
    const looseInsert = tokens[0]?.upper === 'INSERT' && !['INTO', 'OVERWRITE'].includes(tokens[1]?.upper ?? '');
    w.writes = res.target && !looseInsert ? [res.target] : [];
    w.reads = res.sources.filter((s) => s !== res.target);
    w.drops = res.drops;
    w.error = res.error ?? 'no grammar parsed it';
  }
  w.writes = w.writes.map(restore);
  w.reads = w.reads.map(restore);
  w.drops = w.drops.map(restore);
  if (w.renamedFrom) w.renamedFrom = restore(w.renamedFrom);
  return w;
}

/** statements that move no data even when no grammar reads them (CACHE TABLE t, MSCK REPAIR, VACUUM, ...) */
const NO_LINEAGE = new Set(['CACHE', 'UNCACHE', 'REFRESH', 'MSCK', 'ANALYZE', 'VACUUM', 'OPTIMIZE', 'GRANT', 'REVOKE', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'SET', 'RESET', 'UNSET', 'USE', 'COMMENT', 'ADD', 'DROP', 'TRUNCATE', 'BEGIN', 'COMMIT', 'ROLLBACK', 'START', 'END']);

function columnLineage(sql: string, stmt: Parameters<typeof analyzeStatement>[1], dialect: Dialect): ColumnLineage[] {
  try {
    const res = analyzeStatement(sql, stmt, dialect, { file: '', line: stmt.line });
    return (res.facts?.columns ?? [])
      .filter((c) => c.lineage && c.lineage.length > 0)
      .map((c) => ({
        column: c.name,
        from: c.lineage!.map((e) => ({ table: e.slice(0, e.lastIndexOf('.')), column: e.slice(e.lastIndexOf('.') + 1) })),
      }));
  } catch {
    return [];
  }
}

const publicPart = (w: Working): StatementLineage => ({ line: w.line, writes: w.writes, reads: w.reads, columns: w.columns, error: w.error });

/**
 * Scratch tables: CREATE TEMP / TEMPORARY / VOLATILE, `#name`, cached queries, created
 * and later dropped, or written and then renamed away. A read of one is replaced by what
 * it was built from; one that nothing reads or drops stays a write of the script.
 */
function union(work: Working[], dialect: Dialect): { writes: string[]; reads: string[] } {
  // Spark reads a global temporary view as global_temp.name: one scratch table
  const key = (n: string) => normalizeName(n).replace(/^global_temp\./, '');
  // T-SQL's `@name` is a table variable: scratch (a Snowflake `@stage` is a location)
  const scratchName = (t: string) => t.startsWith('#') || (dialect === 'tsql' && t.startsWith('@'));
  const created = new Set<string>();
  const temps = new Set<string>();
  const written = new Set<string>();
  for (const w of work) {
    for (const d of w.drops) if (created.has(key(d))) temps.add(key(d));
    // built under a working name and renamed into place: the working name is gone
    if (w.renamedFrom && (created.has(key(w.renamedFrom)) || written.has(key(w.renamedFrom)))) temps.add(key(w.renamedFrom));
    for (const t of w.writes) {
      written.add(key(t));
      if (w.temporary || scratchName(t)) temps.add(key(t));
      if (w.created) created.add(key(t));
    }
  }
  // in script order: a read of a scratch table is what it holds when the read runs; CREATE
  // starts it afresh (a temp table created again is a new table), INSERT adds to it
  // a scratch table nothing reads or drops is what the script leaves behind (CACHE TABLE c AS ... alone)
  const used = new Set(work.flatMap((w) => [...w.reads, ...w.drops]).map(key));
  const scratch = (t: string) => temps.has(key(t)) && used.has(key(t));
  const holds = new Map<string, string[]>();
  const reads: string[] = [];
  for (const w of work) {
    const from = w.reads.flatMap((n) => (temps.has(key(n)) ? (holds.get(key(n)) ?? []) : [n]));
    // what only fills scratch tables is read when they are
    if (!(w.writes.length > 0 && w.writes.every(scratch))) reads.push(...from);
    for (const t of w.writes) if (temps.has(key(t))) holds.set(key(t), [...(w.created ? [] : (holds.get(key(t)) ?? [])), ...from]);
  }
  const writes = work.flatMap((w) => w.writes).filter((t) => !(temps.has(key(t)) && used.has(key(t))));
  return { writes: uniqueBy(writes), reads: uniqueBy(reads) };
}

/** first spelling wins; `Orders` and `orders` are one table */
function uniqueBy(xs: string[]): string[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = normalizeName(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
