import type { ColumnFact, GrainFact, JoinEdge, RowOrigin, Warning } from '../../schemas/facts.js';

export type Dialect = 'bigquery' | 'snowflake' | 'spark' | 'postgres' | 'redshift' | 'duckdb' | 'mysql' | 'trino' | 'tsql' | 'clickhouse';

export type StatementKind =
  | 'create_table_as'
  | 'create_view'
  | 'create_table'
  | 'insert'
  | 'merge'
  | 'select'
  | 'update'
  | 'delete'
  | 'other';

/** What one SQL statement reads and writes, with names normalized (see enrichers/names.ts). */
export interface SqlStatementFacts {
  kind: StatementKind;
  /** the table written, if any */
  target?: string;
  /** CREATE TEMP/TEMPORARY table, or a volatile/session table: not a catalog table */
  temporary: boolean;
  /** physical tables read: CTE names are resolved away, temp tables stay by name */
  sources: string[];
  /** output columns (or DDL column list), with lineage when the parser can tell */
  columns: ColumnFact[];
  /** grain candidates: primary key, GROUP BY keys, SELECT DISTINCT, QUALIFY ROW_NUMBER()=1, MERGE ON keys */
  grain: GrainFact[];
  /** when the rows written are one upstream's rows: its grain carries over at link time */
  rowOrigin?: RowOrigin;
  /** JOIN ... ON/USING equalities resolved through aliases and CTEs to physical tables; foreign keys */
  joins: JoinEdge[];
  /** 1-based line in the file where the statement starts */
  line: number;
  /** false when the fallback token scanner produced these facts (source 'heuristic') */
  parsed?: boolean;
  /** ALTER TABLE x RENAME TO target: x's rows now live under target */
  renamedFrom?: string;
  /** DROP TABLE/VIEW names (a table created and dropped in one script is a temp table) */
  drops?: string[];
}

export interface SqlAnalysis {
  dialect: Dialect;
  /** false when every dialect failed and the fallback scanner produced the facts */
  parsed: boolean;
  statements: SqlStatementFacts[];
  warnings: Warning[];
}

export interface AnalyzeOptions {
  /** repo-relative path, for warnings and evidence */
  file: string;
  /** preferred dialect; others are tried when it fails */
  dialect?: Dialect;
  /** added to line numbers, for SQL embedded in a larger file */
  lineOffset?: number;
}

/** What an ad-hoc or dashboard query touches, for usage statistics. */
export interface QueryShape {
  /** physical tables read, normalized */
  tables: string[];
  /** columns referenced, attributed to a table when resolvable */
  columns: { table: string; column: string }[];
  /** columns used in WHERE / HAVING / QUALIFY predicates */
  filters: { table: string; column: string }[];
  joins: JoinEdge[];
  /** SELECT * (or t.*) at the top level */
  selectStar: boolean;
  /** the top-level LIMIT, when there is one */
  limit?: number;
  parsed: boolean;
}
