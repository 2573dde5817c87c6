import { describe, expect, it } from 'vitest';
import { analyzeSql } from '../../enrichers/sql/analyze.js';
import { sqlFileFacts } from '../../enrichers/sql/file-facts.js';

const names = (sql: string, dialect: 'postgres' | 'snowflake' | 'spark') =>
  analyzeSql(sql, { file: 'j.sql', dialect }).statements.map((s) => [s.target, s.sources.join(',')]);

describe('USE / SET search_path', () => {
  it('qualifies later unqualified targets, sources, joins and lineage; qualified names stay', () => {
    const a = analyzeSql(
      `select 1 from early;
       set search_path to shop_analytics, public;
       create table daily as
       select o.order_date, c.country, count(*) as n
       from orders o join raw.customers c on o.customer_id = c.customer_id group by 1, 2;`,
      { file: 'j.sql', dialect: 'postgres' },
    );
    const [before, daily] = a.statements;
    expect(before.sources).toEqual(['early']);
    expect(daily.target).toBe('shop_analytics.daily');
    expect(daily.sources.sort()).toEqual(['raw.customers', 'shop_analytics.orders']);
    expect(daily.joins.map((j) => [j.left.table, j.right.table])).toEqual([['shop_analytics.orders', 'raw.customers']]);
    expect(daily.columns.find((c) => c.name === 'order_date')?.lineage).toEqual(['shop_analytics.orders.order_date']);
  });

  it('reads every spelling: USE SCHEMA, USE db, SET SCHEMA, quoted paths; USE WAREHOUSE/ROLE change nothing', () => {
    expect(names('USE WAREHOUSE etl_wh; USE ROLE etl; USE SCHEMA ANALYTICS.MARTS; INSERT INTO DAILY SELECT * FROM STG', 'snowflake')).toEqual([['analytics.marts.daily', 'analytics.marts.stg']]);
    expect(names('use lake; insert overwrite table out select * from src', 'spark')).toEqual([['lake.out', 'lake.src']]);
    expect(names(`SET SCHEMA 'mart'; CREATE TABLE t AS SELECT 1 AS x FROM s`, 'postgres')).toEqual([['mart.t', 'mart.s']]);
    expect(names(`SET search_path = "$user", mart; CREATE TABLE t AS SELECT 1 AS x FROM s`, 'postgres')).toEqual([['mart.t', 'mart.s']]);
  });

  it('keeps temp tables temp: created and dropped under the same schema', () => {
    const f = sqlFileFacts(
      'j.sql',
      'set search_path to mart; create table stage as select id from raw.src; create table out as select id from stage; drop table stage;',
      { dialect: 'postgres' },
    );
    expect(f.tables.map((t) => [t.name, t.upstream.map((u) => u.name)])).toEqual([['mart.out', ['raw.src']]]);
  });
});
