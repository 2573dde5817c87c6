import type { Dialect } from './types.js';

const PATH_DIALECTS: [RegExp, Dialect][] = [
  [/(^|[\/_.-])(bigquery|bq)([\/_.-]|$)/i, 'bigquery'],
  [/(^|[\/_.-])(snowflake|sf)([\/_.-]|$)/i, 'snowflake'],
  [/(^|[\/_.-])(spark|databricks|delta|hive)([\/_.-]|$)/i, 'spark'],
  [/(^|[\/_.-])redshift([\/_.-]|$)/i, 'redshift'],
  [/(^|[\/_.-])(postgres|postgresql|pg)([\/_.-]|$)/i, 'postgres'],
  [/(^|[\/_.-])duckdb([\/_.-]|$)/i, 'duckdb'],
  [/(^|[\/_.-])(trino|presto|athena)([\/_.-]|$)/i, 'trino'],
  [/(^|[\/_.-])mysql([\/_.-]|$)/i, 'mysql'],
  [/(^|[\/_.-])(mssql|sqlserver|tsql|synapse|fabric)([\/_.-]|$)/i, 'tsql'],
  [/(^|[\/_.-])clickhouse([\/_.-]|$)/i, 'clickhouse'],
];

/**
 * Content markers, strongest first. Each is specific to one dialect family; markers
 * shared by several (`::` casts, QUALIFY) come last so a specific one wins.
 */
const CONTENT_DIALECTS: [RegExp, Dialect][] = [
  // ClickHouse's join strictness (`ANY LEFT JOIN`), ARRAY JOIN, table engines and its camelCase
  // functions exist in no other dialect; without them its models were read as Postgres and failed
  [/\b(ANY|ALL|SEMI|ANTI|ASOF)\s+(LEFT|RIGHT|INNER|FULL)\s+(OUTER\s+)?JOIN\b|\bARRAY\s+JOIN\b|\bENGINE\s*=\s*\w*MergeTree\b/i, 'clickhouse'],
  [/\b(toStartOf[A-Z]\w*|to(U?Int|Float|Decimal)\d+(OrNull|OrZero)?|toDateTime(64)?|JSONExtract\w*|uniqExact|groupArray\w*|arrayJoin|arrayFilter|arrayMap)\s*\(/, 'clickhouse'],
  [/`[A-Za-z0-9_-]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+`/, 'bigquery'],
  [/\b(SAFE_CAST|SAFE_DIVIDE|SAFE\.|STRUCT\s*\(|ARRAY_AGG\s*\(\s*STRUCT|INT64|FLOAT64|DATE_SUB\s*\(\s*CURRENT_DATE\s*\(\s*\)\s*,\s*INTERVAL)/i, 'bigquery'],
  [/\bSELECT\s+\*\s+EXCEPT\s*\(/i, 'bigquery'],
  [/\b(CREATE\s+(OR\s+REPLACE\s+)?TRANSIENT|LATERAL\s+FLATTEN|\bFLATTEN\s*\(\s*INPUT\s*=>|VARIANT\b|TIMESTAMP_NTZ|\bIFF\s*\()/i, 'snowflake'],
  [/\b(USING\s+DELTA|INSERT\s+OVERWRITE\s+(TABLE\s+)?|LATERAL\s+VIEW|TBLPROPERTIES|USING\s+PARQUET|STRUCT\s*<|ARRAY\s*<|MAP\s*<)/i, 'spark'],
  [/\b(DISTKEY|SORTKEY|DISTSTYLE|ENCODE\s+(ZSTD|AZ64|LZO|RAW))\b/i, 'redshift'],
  [/\b(read_parquet|read_csv_auto|read_json_auto)\s*\(|\bEXCLUDE\s*\(/i, 'duckdb'],
  // a parametric aggregate, `quantileTDigest(0.5)(x)`: parameters, then arguments;
  // after the specific markers; never dbt's `adapter.dispatch('m')(args)`, which an unrendered file holds
  [/\b(?!dispatch\()[a-z_]\w*\([^()]*\)\(/i, 'clickhouse'],
  [/\bQUALIFY\b/i, 'snowflake'],
  [/\bILIKE\b|::/i, 'postgres'],
];

/** The dialect to parse a file with: an explicit hint wins, then the path, then the content. */
export function detectDialect(path: string, sql: string, hint?: Dialect): Dialect {
  if (hint) return hint;
  for (const [re, d] of PATH_DIALECTS) if (re.test(path)) return d;
  for (const [re, d] of CONTENT_DIALECTS) if (re.test(sql)) return d;
  return 'postgres';
}

const FALLBACKS: Record<Dialect, Dialect[]> = {
  bigquery: ['bigquery', 'snowflake', 'postgres', 'spark'],
  snowflake: ['snowflake', 'postgres', 'bigquery', 'spark'],
  spark: ['spark', 'snowflake', 'bigquery', 'postgres'],
  postgres: ['postgres', 'snowflake', 'bigquery', 'spark'],
  redshift: ['redshift', 'postgres', 'snowflake', 'bigquery'],
  duckdb: ['duckdb', 'snowflake', 'bigquery', 'spark'],
  trino: ['trino', 'postgres', 'snowflake', 'bigquery'],
  mysql: ['mysql', 'postgres', 'snowflake', 'bigquery'],
  tsql: ['tsql', 'postgres', 'snowflake', 'bigquery'],
  // node-sql-parser has no ClickHouse grammar: its shape is read as Postgres was before, the tables
  // by polyglot's ClickHouse grammar first, and a query only that reads is re-written for the shape
  clickhouse: ['clickhouse', 'postgres', 'snowflake', 'bigquery'],
};

/** Dialects to try, preferred first. Each maps to a distinct parser grammar. */
export function fallbackOrder(d: Dialect): Dialect[] {
  return FALLBACKS[d];
}

/**
 * node-sql-parser's `database` option for a dialect. Spark SQL maps to Hive, the
 * closest grammar it ships (backticks, INSERT OVERWRITE TABLE); DuckDB to PostgresQL.
 */
const DATABASE: Record<Dialect, string> = {
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
  spark: 'Hive',
  postgres: 'PostgresQL',
  redshift: 'Redshift',
  duckdb: 'PostgresQL',
  trino: 'Trino',
  mysql: 'MySQL',
  tsql: 'TransactSQL',
  clickhouse: 'PostgresQL',
};

export function parserDatabase(d: Dialect): string {
  return DATABASE[d];
}
