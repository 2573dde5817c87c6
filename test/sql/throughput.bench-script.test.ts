/**
 * Throughput of analyzeSql on a realistic ~40-line model query, per dialect.
 * Run with: GRAINLINE_SQL_BENCH=1 npx vitest run test/sql/throughput
 * Skipped otherwise so the suite stays fast; the assertion is a loose floor.
 */
import { expect, it } from 'vitest';
import { analyzeSql } from '../../enrichers/sql/analyze.js';
import type { Dialect } from '../../enrichers/sql/types.js';

const MODEL = `CREATE OR REPLACE TABLE mart.customer_orders AS
WITH orders AS (
  SELECT
    o.order_id,
    o.customer_id,
    o.order_date,
    o.status,
    o.amount
  FROM raw.orders o
  WHERE o.status <> 'cancelled'
),
payments AS (
  SELECT
    p.order_id,
    SUM(p.amount) AS paid_amount,
    COUNT(*) AS payment_count
  FROM raw.payments p
  GROUP BY p.order_id
),
customers AS (
  SELECT c.customer_id, c.first_name, c.last_name, c.country
  FROM raw.customers c
)
SELECT
  c.customer_id,
  o.order_date,
  c.country,
  COUNT(DISTINCT o.order_id) AS orders,
  SUM(o.amount) AS gross_amount,
  SUM(COALESCE(p.paid_amount, 0)) AS paid_amount,
  MAX(p.payment_count) AS max_payments,
  MIN(o.order_date) AS first_order_date
FROM orders o
JOIN customers c ON o.customer_id = c.customer_id
LEFT JOIN payments p ON o.order_id = p.order_id
WHERE o.order_date >= '2020-01-01'
GROUP BY c.customer_id, o.order_date, c.country
ORDER BY c.customer_id`;

const run = process.env.GRAINLINE_SQL_BENCH ? it : it.skip;

run('statements per second on a 40-line model', () => {
  for (const d of ['bigquery', 'snowflake', 'spark', 'postgres', 'redshift', 'duckdb'] as Dialect[]) {
    const sanity = analyzeSql(MODEL, { file: 'm.sql', dialect: d });
    expect(sanity.statements[0].grain[0].columns).toEqual(['customer_id', 'order_date', 'country']);
    for (let i = 0; i < 20; i++) analyzeSql(MODEL, { file: 'm.sql', dialect: d });
    const n = 300;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) analyzeSql(MODEL, { file: 'm.sql', dialect: d });
    const perSec = n / ((performance.now() - t0) / 1000);
    console.log(`${d}: ${perSec.toFixed(0)} statements/s`);
    expect(perSec).toBeGreaterThan(50);
  }
});
