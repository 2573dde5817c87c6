import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../enrichers/sql/types.js';
import { analyzeSql } from '../../enrichers/sql/analyze.js';

/**
 * Column documentation written in DDL is what a DDL-only repo has for descriptions, and
 * search matches on it. Each dialect's way of writing it, parsed or (for types no
 * grammar knows) scanned.
 */
const cases: { dialect: Dialect; sql: string; docs: Record<string, string | undefined> }[] = [
  {
    dialect: 'snowflake',
    sql: `CREATE TABLE db.s.trips ("trip_id" NUMBER(38,0) COMMENT 'One bike trip', "bike" VARCHAR(16777216), "fare" FLOAT COMMENT 'Fare in USD, it''s taxed')`,
    docs: { trip_id: 'One bike trip', bike: undefined, fare: "Fare in USD, it's taxed" },
  },
  {
    dialect: 'snowflake',
    sql: `CREATE TABLE db.s.events (payload VARIANT COMMENT 'raw event', id NUMBER COMMENT 'event id')`,
    docs: { payload: 'raw event', id: 'event id' },
  },
  {
    dialect: 'spark',
    sql: `CREATE TABLE lake.orders (order_id BIGINT COMMENT 'order key', items ARRAY<STRUCT<sku: STRING, qty: INT>> COMMENT 'line items') USING DELTA`,
    docs: { order_id: 'order key', items: 'line items' },
  },
  {
    dialect: 'bigquery',
    sql: 'CREATE TABLE `proj.ds.visits` (visit_id STRING OPTIONS(description = "one site visit"), tags ARRAY<STRING>)',
    docs: { visit_id: 'one site visit', tags: undefined },
  },
  {
    dialect: 'mysql',
    sql: `CREATE TABLE shop.customers (id INT PRIMARY KEY COMMENT 'customer key', email VARCHAR(200))`,
    docs: { id: 'customer key', email: undefined },
  },
];

describe('DDL column documentation', () => {
  for (const c of cases) {
    it(`${c.dialect}: ${c.sql.slice(13, 40)}…`, () => {
      const a = analyzeSql(c.sql, { file: 'tables.sql', dialect: c.dialect });
      // a type no grammar knows sends the list to the scanner, which says so; nothing else may warn
      expect(a.warnings.filter((w) => w.code !== 'sql-ddl-unparsed')).toEqual([]);
      const s = a.statements[0];
      const docs = Object.fromEntries(s.columns.map((col) => [col.name, col.description]));
      expect(docs).toEqual(c.docs);
    });
  }
});
