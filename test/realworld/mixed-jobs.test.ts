import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, type TableView } from './harness.js';
import { mixedJobs } from './mixed-jobs.js';

describe('Airflow, PySpark and Snowflake jobs side by side', () => {
  let tables: Record<string, TableView>;
  beforeAll(async () => ({ tables } = await analyze(mixedJobs)));

  it('finds the tables each job writes, and no temp table', () => {
    expect(Object.keys(tables).sort()).toEqual([
      'analytics.customer_order_summary', 'analytics.daily_orders',
      'finance.accounts', 'finance.revenue_by_account', 'finance.v_revenue',
      'web.segment_daily', 'web.user_sessions',
    ]);
  });

  it('Airflow: params fill a templated .sql file, module constants an f-string; default_args own both', () => {
    expect(tables['analytics.daily_orders'].upstream).toEqual(['raw.line_items', 'raw.orders']);
    // GROUP BY o.order_id, o.customer_id, o.order_date over raw.orders: customer and date are attributes
    // of an order once raw.orders is keyed by order_id, which its name and the columns read from it suggest
    expect(tables['analytics.daily_orders'].grain).toEqual(['order_id']);
    expect(tables['analytics.customer_order_summary'].upstream).toEqual(['analytics.daily_orders']);
    expect(tables['analytics.customer_order_summary'].owners[0]).toBe('commerce-data');
  });

  it('PySpark: spark.table with a constant, read.table, groupBy grain, and SQL over a table the job wrote', () => {
    expect(tables['web.user_sessions'].upstream).toEqual(['crm.users', 'web.page_views']);
    expect(tables['web.user_sessions'].grain).toEqual(['user_id', 'session_date']);
    expect(tables['web.segment_daily'].upstream).toEqual(['crm.users', 'web.user_sessions']);
    expect(tables['web.segment_daily'].grain).toEqual(['segment', 'session_date']);
  });

  it('Snowflake: USE SCHEMA qualifies names, MERGE reads through the temp table, DDL gives keys', () => {
    expect(tables['finance.revenue_by_account'].upstream).toEqual(['billing.invoices']);
    expect(tables['finance.revenue_by_account'].grain).toEqual(['account_id']);
    expect(tables['finance.v_revenue'].upstream).toEqual(['finance.accounts', 'finance.revenue_by_account']);
    expect(tables['finance.accounts'].grain).toEqual(['account_id']);
    expect(tables['finance.accounts'].joins).toEqual([
      'account_id -> finance.revenue_by_account.account_id',
      'region_id -> finance.regions.region_id',
    ]);
  });
});
