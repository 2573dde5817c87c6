import type { ColumnFact, Evidence, GrainFact, JoinEdge, UpstreamFact, Warning } from '../../schemas/facts.js';
import { analyzeSql } from '../sql/analyze.js';
import { scratchTables } from '../sql/temp-tables.js';
import type { Dialect } from '../sql/types.js';
import { neutralizeJinja } from './jinja.js';
import { type PyDict, UNRESOLVED } from './values.js';

/** SQL found inside a Python or Scala file (or a .sql file a DAG points at). */
export interface SqlSnippet {
  sql: string;
  /** where the SQL text is: the host file, or the external .sql file */
  file: string;
  /** 1-based line where the SQL text starts in `file` */
  line: number;
  dialect?: Dialect;
  /** Airflow params, substituted for `{{ params.x }}` */
  params?: PyDict;
  /** where a bare SELECT's result lands (BigQuery destination tables) */
  destination?: string;
}

export interface SqlWrite {
  table: string;
  file: string;
  line: number;
  upstream: UpstreamFact[];
  grain: GrainFact[];
  columns: ColumnFact[];
}

/** A SELECT handed back to the host language: what its result rows are. */
export interface SqlResult {
  line: number;
  grain: GrainFact[];
  columns: ColumnFact[];
}

export interface SnippetFacts {
  writes: SqlWrite[];
  /** tables read by statements that write nothing (a SELECT handed back to Python) */
  reads: UpstreamFact[];
  /** the grain and columns of those SELECTs, for the DataFrame that holds the result */
  results: SqlResult[];
  joins: JoinEdge[];
  warnings: Warning[];
}

/**
 * Temp tables and temp views seen so far in one file, with the physical tables behind
 * them: they are not catalog tables, lineage passes through them.
 */
export type TempTables = Map<string, UpstreamFact[]>;

export const SQL_EVIDENCE: Pick<Evidence, 'source' | 'confidence'> = { source: 'sql', confidence: 0.9 };
const FALLBACK_EVIDENCE: Pick<Evidence, 'source' | 'confidence'> = { source: 'heuristic', confidence: 0.6 };

export const isUnresolved = (name: string): boolean => name.includes(UNRESOLVED);

export function analyzeSnippet(snippet: SqlSnippet, temps: TempTables): SnippetFacts {
  const sql = neutralizeJinja(snippet.sql, snippet.params);
  const analysis = analyzeSql(sql, { file: snippet.file, dialect: snippet.dialect, lineOffset: snippet.line - 1 });
  const scratch = scratchTables(analysis.statements);
  const out: SnippetFacts = { writes: [], reads: [], results: [], joins: [], warnings: [...analysis.warnings] };
  const unresolved = (name: string, line: number) =>
    out.warnings.push({
      file: snippet.file,
      line,
      code: 'unresolved-table-name',
      message: `table name depends on a runtime value: ${name.replaceAll(UNRESOLVED, '<?>')}`,
    });

  for (const st of analysis.statements) {
    const evidence = st.parsed === false ? FALLBACK_EVIDENCE : SQL_EVIDENCE;
    const upstream: UpstreamFact[] = [];
    for (const source of st.sources) {
      if (isUnresolved(source)) unresolved(source, st.line);
      else upstream.push(...(temps.get(source) ?? [{ name: source, ...evidence, file: snippet.file, line: st.line }]));
    }
    const deduped = dedupeUpstream(upstream);
    const target = st.target ?? (st.kind === 'select' ? snippet.destination : undefined);
    if (!target) {
      out.reads.push(...deduped);
      if (st.kind === 'select') out.results.push({ line: st.line, grain: st.grain, columns: st.columns });
    }
    else if (scratch.has(target)) temps.set(target, deduped);
    else if (isUnresolved(target)) unresolved(target, st.line);
    else
      out.writes.push({
        table: target,
        file: snippet.file,
        line: st.line,
        upstream: deduped.filter((u) => u.name !== target),
        grain: st.grain,
        columns: st.columns,
      });
    for (const join of st.joins) {
      const edge = throughTemps(join, temps);
      if (edge) out.joins.push(edge);
    }
  }
  out.reads = dedupeUpstream(out.reads);
  return out;
}

/** First fact per table name wins: the earliest mention is the most useful evidence line. */
export function dedupeUpstream(facts: UpstreamFact[]): UpstreamFact[] {
  const seen = new Map<string, UpstreamFact>();
  for (const f of facts) if (!seen.has(f.name)) seen.set(f.name, f);
  return [...seen.values()];
}

/** A join on a temp table is a join on the one physical table behind it, when there is exactly one. */
function throughTemps(edge: JoinEdge, temps: TempTables): JoinEdge | undefined {
  const physical = (table: string): string | undefined => {
    const behind = temps.get(table);
    if (!behind) return isUnresolved(table) ? undefined : table;
    return behind.length === 1 ? behind[0].name : undefined;
  };
  const left = physical(edge.left.table);
  const right = physical(edge.right.table);
  if (!left || !right) return undefined;
  return { ...edge, left: { ...edge.left, table: left }, right: { ...edge.right, table: right } };
}
