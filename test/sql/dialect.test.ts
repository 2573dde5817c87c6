import { describe, expect, it } from 'vitest';
import { detectDialect, fallbackOrder, parserDatabase } from '../../enrichers/sql/dialect.js';

describe('detectDialect', () => {
  it('prefers the hint, then the path', () => {
    expect(detectDialect('sql/bigquery/x.sql', 'select 1', 'snowflake')).toBe('snowflake');
    expect(detectDialect('warehouse/snowflake/jobs/x.sql', 'select 1')).toBe('snowflake');
    expect(detectDialect('jobs/databricks/x.sql', 'select 1')).toBe('spark');
    expect(detectDialect('redshift/x.sql', 'select 1')).toBe('redshift');
    expect(detectDialect('duckdb/x.sql', 'select 1')).toBe('duckdb');
    expect(detectDialect('postgres/x.sql', 'select 1')).toBe('postgres');
    expect(detectDialect('db/sqlserver/x.sql', 'select 1')).toBe('tsql');
    expect(detectDialect('mssql_jobs/x.sql', 'select 1')).toBe('tsql');
  });

  it('reads content markers when the path says nothing', () => {
    expect(detectDialect('x.sql', 'select * from `proj.ds.tbl`')).toBe('bigquery');
    expect(detectDialect('x.sql', 'create or replace transient table a as select 1')).toBe('snowflake');
    expect(detectDialect('x.sql', 'select a from t qualify row_number() over (partition by a order by b) = 1')).toBe('snowflake');
    expect(detectDialect('x.sql', 'create table a using delta as select 1')).toBe('spark');
    expect(detectDialect('x.sql', 'insert overwrite table a select 1')).toBe('spark');
    expect(detectDialect('x.sql', 'create table a (x STRUCT<a: INT>)')).toBe('spark');
    expect(detectDialect('x.sql', 'create table a (x int) distkey(x)')).toBe('redshift');
    expect(detectDialect('x.sql', 'select a::int from t')).toBe('postgres');
    expect(detectDialect('x.sql', 'select 1')).toBe('postgres');
  });

  it('fallback orders start with the dialect itself and map to grammars the parser ships', () => {
    for (const d of ['bigquery', 'snowflake', 'spark', 'postgres', 'redshift', 'duckdb', 'trino', 'mysql', 'tsql'] as const) {
      expect(fallbackOrder(d)[0]).toBe(d);
      expect(fallbackOrder(d).length).toBeGreaterThan(1);
    }
    expect(parserDatabase('spark')).toBe('Hive');
    expect(parserDatabase('duckdb')).toBe('PostgresQL');
    expect(parserDatabase('tsql')).toBe('TransactSQL');
  });
});
