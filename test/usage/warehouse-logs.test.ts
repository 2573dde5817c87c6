import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUsageLogs } from '../../activities/usage-logs.js';
import { normalizeLogRecord } from '../../enrichers/usage/log-record.js';
import { makeResolver, qualifyName } from '../../enrichers/usage/resolve-table.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const NOW = new Date('2024-06-30T00:00:00Z');
// `orders` exists in two schemas: an unqualified `orders` is ambiguous without the query's namespace
const catalog = () =>
  makeResolver([
    { id: 'analytics.orders', aliases: ['orders'] },
    { id: 'staging.orders', aliases: ['orders'] },
    { id: 'marts.daily_revenue' },
  ]);

describe('usage logs: the namespace each query ran in', () => {
  it('qualifies one- and two-part names with the database and schema, and leaves full names alone', () => {
    expect(qualifyName('orders', { database: 'PROD', schema: 'ANALYTICS' })).toBe('prod.analytics.orders');
    expect(qualifyName('orders', { schema: 'analytics' })).toBe('analytics.orders');
    expect(qualifyName('"Staging".orders', { database: 'PROD', schema: 'PUBLIC' })).toBe('prod.staging.orders');
    expect(qualifyName('a.b.c', { database: 'PROD', schema: 'X' })).toBeUndefined();
    expect(qualifyName('orders', {})).toBeUndefined();
  });

  it('Snowflake QUERY_HISTORY: DATABASE_NAME / SCHEMA_NAME decide which `orders` a query read', async () => {
    const res = await readUsageLogs([join(FIXTURES, 'snowflake-query-history.csv')], catalog(), NOW);
    expect(res.records).toBe(4);
    const analytics = res.usage.get('analytics.orders')!;
    const staging = res.usage.get('staging.orders')!;
    expect(analytics.topUsers).toEqual([{ user: 'ANA', count: 1 }]);
    expect(analytics.topFilters.map((f) => f.column)).toEqual(['status']);
    // the STAGING query and the one qualifying `staging.orders` itself (in schema PUBLIC)
    expect(staging.topUsers).toEqual([{ user: 'BOB', count: 2 }]);
    expect(staging.topFilters.map((f) => f.column).sort()).toEqual(['id', 'loaded_at']);
    // CAROL's query ran in schema RAW: RAW.ORDERS is no table of the catalog
    expect([...res.usage.values()].flatMap((u) => u.topUsers.map((t) => t.user))).not.toContain('CAROL');
  });

  it('BigQuery JOBS: default_dataset and the job project qualify names; referenced_tables beats the SQL', async () => {
    const res = await readUsageLogs([join(FIXTURES, 'bigquery-jobs.jsonl')], catalog(), NOW);
    expect(res.records).toBe(3);
    // job 1: `orders` in default dataset analytics; job 3 reads analytics.orders and writes daily_revenue
    expect(res.usage.get('analytics.orders')!.topUsers.map((u) => u.user).sort()).toEqual([
      'ana@acme.com',
      'etl@acme-prod.iam.gserviceaccount.com',
    ]);
    // job 2 names a view the catalog does not know; BigQuery says it read staging.orders
    expect(res.usage.get('staging.orders')!.topUsers).toEqual([{ user: 'bob@acme.com', count: 1 }]);
    // a destination table is written, not read, even though the INSERT's text names it
    expect(res.usage.has('marts.daily_revenue')).toBe(false);
  });
});

describe('usage logs: Snowflake ACCESS_HISTORY', () => {
  it('counts base and direct objects (tables and views, not stages) with their columns; objects_modified are not reads', async () => {
    const res = await readUsageLogs(
      [join(FIXTURES, 'snowflake-access-history.jsonl'), join(FIXTURES, 'snowflake-access-history.csv')],
      catalog(),
      NOW,
    );
    expect(res.records).toBe(3);
    expect(res.warnings).toEqual([]);
    const analytics = res.usage.get('analytics.orders')!;
    expect(analytics.queries7d).toBe(1);
    expect(analytics.tierCounts.scheduled).toBe(1); // ETL_SVC is a service account
    expect(analytics.topColumns.map((c) => c.column).sort()).toEqual(['amount', 'order_date']);
    expect(analytics.canonicalExamples).toEqual([]); // a row with no query text has no example
    // the row whose SQL names staging.orders_v: ACCESS_HISTORY says it read PROD.STAGING.ORDERS
    const staging = res.usage.get('staging.orders')!;
    expect(staging.topColumns).toEqual([{ column: 'customer_id', count: 1 }]);
    expect(staging.topFilters).toEqual([]); // the parsed filter was on a table the query did not read
    // the view read by a Looker query (CSV export: the arrays are JSON text); its write by ETL does not count
    const revenue = res.usage.get('marts.daily_revenue')!;
    expect(revenue.queries7d).toBe(1);
    expect(revenue.tier).toBe('dashboard');
    expect(revenue.topColumns.map((c) => c.column).sort()).toEqual(['order_date', 'revenue']);
  });

  it('a row with neither query text nor objects is not a query; an empty object list is an authoritative "read nothing"', () => {
    expect(normalizeLogRecord({ QUERY_ID: 'x', QUERY_START_TIME: '2024-06-29 09:00:00.000 +0000' })).toBeNull();
    const rec = normalizeLogRecord({
      QUERY_TEXT: 'select * from analytics.orders',
      QUERY_START_TIME: '2024-06-29 09:00:00.000 +0000',
      BASE_OBJECTS_ACCESSED: '[]',
    })!;
    expect(rec.read).toEqual([]);
  });

  it('BigQuery table references in every form the exports use', () => {
    const rec = normalizeLogRecord({
      query: 'select 1',
      creation_time: '2024-06-29 09:00:00 UTC',
      referencedTables: ['projects/p/datasets/d/tables/t', { projectId: 'p', datasetId: 'd', tableId: 'u' }],
      default_dataset: 'p.d',
    })!;
    expect(rec.read).toEqual([
      { name: 'p.d.t', columns: [] },
      { name: 'p.d.u', columns: [] },
    ]);
    expect(rec).toMatchObject({ database: 'p', schema: 'd' });
  });
});
