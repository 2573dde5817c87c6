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
import { splitStatements } from './split.js';
import { analyzeStatement } from './statement.js';
import { statementTables } from './tables.js';
import { tokenize } from './tokens.js';
import type { Dialect } from './types.js';

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
  const work: Working[] = [];
  let schema: string | undefined;
  for (const stmt of splitStatements(sql, tokenize(sql))) {
    const head = readHead(stmt.tokens);
    if (head.defaultSchema) {
      schema = head.defaultSchema.replace(/["`]/g, '');
      continue;
    }
    const w: Working = { line: stmt.line, writes: [], reads: [], columns: [], error: null, temporary: head.temporary, created: head.kind.startsWith('create'), drops: [] };
    const tables = statementTables(stmt.text, dialect);
    if (tables.ok) {
      w.writes = tables.writes;
      w.reads = tables.reads;
      w.temporary ||= tables.temporary;
      w.created ||= tables.kind.startsWith('create');
      w.drops = tables.drops;
      w.renamedFrom = tables.renames[0]?.from;
    } else {
      // no grammar read it whole: its pieces still say something, and the error says why
      const res = fallbackTables(stmt.text, stmt.tokens, dialect);
      w.writes = res.target ? [res.target] : [];
      w.reads = res.sources.filter((s) => s !== res.target);
      w.drops = res.drops;
      w.error = res.error ?? 'no grammar parsed it';
    }
    if (schema) {
      const q = (n: string) => (n.includes('.') ? n : `${schema}.${n}`);
      w.writes = w.writes.map(q);
      w.reads = w.reads.map(q);
    }
    w.columns = columnLineage(sql, stmt, dialect);
    if (w.writes.length || w.reads.length || w.error || w.drops.length) work.push(w);
  }
  return { dialect, statements: work.map(publicPart), ...union(work) };
}

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
 * Scratch tables: CREATE TEMP / TEMPORARY / VOLATILE, `#name`, created and later dropped,
 * or created and renamed away. A read of one is replaced by what it was built from.
 */
function union(work: Working[]): { writes: string[]; reads: string[] } {
  const key = normalizeName;
  const created = new Set<string>();
  const temps = new Set<string>();
  for (const w of work) {
    for (const d of w.drops) if (created.has(key(d))) temps.add(key(d));
    if (w.renamedFrom && created.has(key(w.renamedFrom))) temps.add(key(w.renamedFrom));
    for (const t of w.writes) {
      if (w.temporary || t.startsWith('#')) temps.add(key(t));
      if (w.created) created.add(key(t));
    }
  }
  const builtFrom = new Map<string, string[]>();
  for (const w of work) for (const t of w.writes) if (temps.has(key(t))) builtFrom.set(key(t), [...(builtFrom.get(key(t)) ?? []), ...w.reads]);
  const through = (names: string[], seen = new Set<string>()): string[] =>
    names.flatMap((n) => {
      if (!temps.has(key(n))) return [n];
      if (seen.has(key(n))) return [];
      seen.add(key(n));
      return through(builtFrom.get(key(n)) ?? [], seen);
    });
  const writes = work.flatMap((w) => w.writes).filter((t) => !temps.has(key(t)));
  const reads = through(work.flatMap((w) => w.reads));
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
