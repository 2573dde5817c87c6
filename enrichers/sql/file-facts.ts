/**
 * FileFacts for a plain SQL job file. Temp tables (CREATE TEMP/TEMPORARY/VOLATILE,
 * `#name`, or created and later dropped in the same script) are not catalog tables:
 * lineage and joins pass through them to the tables they were built from.
 */
import type { ColumnFact, FileFacts, GrainFact, JoinEdge, TableFact, TableKind, UpstreamFact } from '../../schemas/facts.js';
import { isUnresolved } from '../python/embedded-sql.js';
import { neutralizeJinja } from '../python/jinja.js';
import { analyzeSql } from './analyze.js';
import { HEURISTIC_CONFIDENCE } from './fallback.js';
import { scratchTables } from './temp-tables.js';
import type { Dialect, SqlStatementFacts } from './types.js';

export const SQL_UPSTREAM_CONFIDENCE = 0.95;

/**
 * Plain SQL repos template their files too (bigquery-etl headers, Airflow `{{ ds }}`):
 * the Jinja is neutralised, as for SQL in DAGs, rather than losing the file to the scanner.
 */
export function untemplated(content: string): string {
  return content.includes('{{') || content.includes('{%') || content.includes('{#') ? neutralizeJinja(content) : content;
}

export function sqlFileFacts(file: string, content: string, opts: { dialect?: Dialect } = {}): FileFacts {
  const analysis = analyzeSql(untemplated(content), { file, dialect: opts.dialect });
  const stmts = analysis.statements;
  const temps = scratchTables(stmts);
  const through = new TempResolver(stmts, temps);

  const tables = new Map<string, TableFact>();
  const kinds = new Map<string, Set<SqlStatementFacts['kind']>>();
  const writes = new Map<string, number>();
  for (const s of stmts) {
    if (!s.target || temps.has(s.target) || isUnresolved(s.target)) continue;
    if (s.kind === 'update' || s.kind === 'delete' || s.kind === 'select' || s.kind === 'other') continue;
    const t = tables.get(s.target) ?? newTable(s.target);
    tables.set(s.target, t);
    if (!kinds.has(s.target)) kinds.set(s.target, new Set());
    kinds.get(s.target)!.add(s.kind);
    const confidence = s.parsed === false ? HEURISTIC_CONFIDENCE : SQL_UPSTREAM_CONFIDENCE;
    const source = s.parsed === false ? 'heuristic' : 'sql';
    for (const name of through.sources(s.sources)) {
      if (name === s.target || t.upstream.some((u) => u.name === name)) continue;
      t.upstream.push({ name, source, confidence, file, line: s.line } satisfies UpstreamFact);
    }
    mergeColumns(t.columns, s.columns.map((c) => through.column(c)));
    t.grain.push(...s.grain.map((g): GrainFact => ({ ...g, file })));
    // a table written by one statement has that statement's rows; by several, no single origin
    writes.set(s.target, (writes.get(s.target) ?? 0) + 1);
    if (s.rowOrigin && writes.get(s.target) === 1) t.rowOrigin = s.rowOrigin;
    else delete t.rowOrigin;
  }
  for (const [name, t] of tables) t.kind = kindOf(kinds.get(name)!);

  const joins: JoinEdge[] = [];
  for (const s of stmts) for (const j of s.joins) {
    const e = through.join(j);
    if (e) joins.push(e);
  }
  return { file, tables: [...tables.values()], joins, warnings: analysis.warnings };
}

function newTable(name: string): TableFact {
  return { name, defines: true, aliases: [], upstream: [], columns: [], grain: [], joinKeys: [], owners: [], descriptions: [], consumers: [], tags: [] };
}

/** CREATE VIEW -> view; only a column list -> ddl; anything that writes rows -> sql job */
function kindOf(kinds: Set<SqlStatementFacts['kind']>): TableKind {
  if (kinds.has('create_table_as') || kinds.has('insert') || kinds.has('merge')) return 'sql job';
  if (kinds.has('create_view')) return 'view';
  return 'ddl';
}

/** DDL types from one statement and lineage from another (CREATE TABLE then INSERT) make one column */
function mergeColumns(into: ColumnFact[], cols: ColumnFact[]): void {
  for (const c of cols) {
    const have = into.find((x) => x.name === c.name);
    if (!have) into.push(c);
    else {
      have.type ??= c.type;
      if (c.lineage) have.lineage = [...new Set([...(have.lineage ?? []), ...c.lineage])];
    }
  }
}

/** Rewrites names of temp tables to what they were built from. */
export class TempResolver {
  private readonly reads = new Map<string, string[]>();
  private readonly cols = new Map<string, Map<string, string[]>>();

  constructor(stmts: SqlStatementFacts[], private readonly temps: Set<string>) {
    for (const s of stmts) {
      if (!s.target || !temps.has(s.target)) continue;
      this.reads.set(s.target, [...(this.reads.get(s.target) ?? []), ...s.sources]);
      const m = this.cols.get(s.target) ?? new Map<string, string[]>();
      for (const c of s.columns) m.set(c.name, [...(m.get(c.name) ?? []), ...(c.lineage ?? [])]);
      this.cols.set(s.target, m);
    }
  }

  /** What `names` read once temp tables are seen through; names a template left unknown are dropped. */
  sources(names: string[], seen = new Set<string>()): string[] {
    const out: string[] = [];
    for (const n of names) {
      if (isUnresolved(n)) continue;
      if (!this.temps.has(n)) out.push(n);
      else if (!seen.has(n)) {
        seen.add(n);
        out.push(...this.sources(this.reads.get(n) ?? [], seen));
      }
    }
    return [...new Set(out)];
  }

  /** `tmp.c` lineage entries replaced by the lineage of tmp's column c */
  lineage(entries: string[], depth = 0): string[] {
    const out: string[] = [];
    for (const e of entries) {
      const dot = e.lastIndexOf('.');
      const table = e.slice(0, dot);
      const col = e.slice(dot + 1);
      if (!this.temps.has(table) || depth > 8) out.push(e);
      else out.push(...this.lineage(this.cols.get(table)?.get(col) ?? [], depth + 1));
    }
    return [...new Set(out)];
  }

  column(c: ColumnFact): ColumnFact {
    return c.lineage ? { ...c, lineage: this.lineage(c.lineage) } : c;
  }

  /**
   * A join on a temp table's column becomes a join on the physical column it passes
   * through (a column whose lineage is exactly one physical column).
   */
  join(j: JoinEdge): JoinEdge | undefined {
    const side = (s: JoinEdge['left']) => {
      if (!this.temps.has(s.table)) return s;
      const phys = s.columns.map((c) => this.lineage([`${s.table}.${c}`]));
      if (phys.some((p) => p.length !== 1)) return undefined;
      const tables = new Set(phys.map((p) => p[0].slice(0, p[0].lastIndexOf('.'))));
      if (tables.size !== 1) return undefined;
      return { table: [...tables][0], columns: phys.map((p) => p[0].slice(p[0].lastIndexOf('.') + 1)) };
    };
    const left = side(j.left);
    const right = side(j.right);
    if (!left || !right || this.temps.has(left.table) || this.temps.has(right.table)) return undefined;
    if (isUnresolved(left.table) || isUnresolved(right.table)) return undefined;
    // two columns of one temp table that both come from one table say nothing about joining
    if ((left !== j.left || right !== j.right) && left.table === right.table) return undefined;
    return { ...j, left, right };
  }
}
