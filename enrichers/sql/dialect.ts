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
];

/**
 * Content markers, strongest first. Each is specific to one dialect family; markers
 * shared by several (`::` casts, QUALIFY) come last so a specific one wins.
 */
const CONTENT_DIALECTS: [RegExp, Dialect][] = [
  [/`[A-Za-z0-9_-]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+`/, 'bigquery'],
  [/\b(SAFE_CAST|SAFE_DIVIDE|SAFE\.|STRUCT\s*\(|ARRAY_AGG\s*\(\s*STRUCT|INT64|FLOAT64|DATE_SUB\s*\(\s*CURRENT_DATE\s*\(\s*\)\s*,\s*INTERVAL)/i, 'bigquery'],
  [/\bSELECT\s+\*\s+EXCEPT\s*\(/i, 'bigquery'],
  [/\b(CREATE\s+(OR\s+REPLACE\s+)?TRANSIENT|LATERAL\s+FLATTEN|\bFLATTEN\s*\(\s*INPUT\s*=>|VARIANT\b|TIMESTAMP_NTZ|\bIFF\s*\()/i, 'snowflake'],
  [/\b(USING\s+DELTA|INSERT\s+OVERWRITE\s+(TABLE\s+)?|LATERAL\s+VIEW|TBLPROPERTIES|USING\s+PARQUET|STRUCT\s*<|ARRAY\s*<|MAP\s*<)/i, 'spark'],
  [/\b(DISTKEY|SORTKEY|DISTSTYLE|ENCODE\s+(ZSTD|AZ64|LZO|RAW))\b/i, 'redshift'],
  [/\b(read_parquet|read_csv_auto|read_json_auto)\s*\(|\bEXCLUDE\s*\(/i, 'duckdb'],
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
};

export function parserDatabase(d: Dialect): string {
  return DATABASE[d];
}
