import { describe, expect, it } from 'vitest';
import { grainCols, joinPairs, lineageOf, sorted, stmt } from './helpers.js';

describe('BigQuery', () => {
  it('reads backticked project.dataset.table names, whole or per part', () => {
    const s = stmt('CREATE OR REPLACE TABLE `acme-prod.mart.orders` AS SELECT o.id FROM `acme-prod.raw.orders` o JOIN `acme-prod`.`raw`.`customers` c ON o.customer_id = c.id', 'bigquery');
    expect(s.kind).toBe('create_table_as');
    expect(s.target).toBe('acme-prod.mart.orders');
    expect(sorted(s.sources)).toEqual(['acme-prod.raw.customers', 'acme-prod.raw.orders']);
    expect(joinPairs(s)).toEqual(['acme-prod.raw.orders(customer_id)=acme-prod.raw.customers(id)']);
  });

  it('does not count UNNEST as a table, and keeps lineage through it', () => {
    const s = stmt('CREATE TABLE ds.items AS SELECT e.event_id, item FROM ds.events e, UNNEST(e.items) AS item', 'bigquery');
    expect(s.sources).toEqual(['ds.events']);
    expect(lineageOf(s, 'event_id')).toEqual(['ds.events.event_id']);
  });

  it('takes QUALIFY ROW_NUMBER() = 1 partition keys as the grain, named as output columns', () => {
    const s = stmt(
      `CREATE OR REPLACE TABLE ds.latest_status AS
       SELECT s.order_id AS oid, s.status, s.updated_at FROM ds.status_log s
       QUALIFY ROW_NUMBER() OVER (PARTITION BY s.order_id ORDER BY s.updated_at DESC) = 1`,
      'bigquery',
    );
    expect(grainCols(s)).toEqual([['oid']]);
    expect(s.grain[0].source).toBe('sql');
    expect(s.grain[0].confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('parses STRUCT and SAFE_ functions and SELECT * EXCEPT over a CTE', () => {
    const s = stmt(
      `CREATE TABLE ds.t AS
       WITH base AS (SELECT id, secret, SAFE_DIVIDE(a, b) AS ratio, STRUCT(a AS x) AS st FROM ds.src)
       SELECT * EXCEPT (secret) FROM base`,
      'bigquery',
    );
    expect(s.sources).toEqual(['ds.src']);
    expect(s.columns.map((c) => c.name)).toEqual(['id', 'ratio', 'st']);
    expect(lineageOf(s, 'ratio')).toEqual(['ds.src.a', 'ds.src.b']);
  });

  it('reads MERGE: the USING side is upstream, the ON keys are the grain, not a join key', () => {
    const s = stmt(
      `MERGE \`p.mart.customers\` T
       USING (SELECT id, region, email FROM \`p.raw.customers\` WHERE _loaded_at > '2024-01-01') S
       ON T.customer_id = S.id AND T.region = S.region
       WHEN MATCHED THEN UPDATE SET email = S.email
       WHEN NOT MATCHED THEN INSERT (customer_id, region, email) VALUES (S.id, S.region, S.email)`,
      'bigquery',
    );
    expect(s.kind).toBe('merge');
    expect(s.target).toBe('p.mart.customers');
    expect(s.sources).toEqual(['p.raw.customers']);
    expect(grainCols(s)).toEqual([['customer_id', 'region']]);
    expect(joinPairs(s)).toEqual([]);
  });

  it('MERGE keeps the joins inside its USING query', () => {
    const s = stmt(
      `MERGE \`p.mart.orders\` T
       USING (SELECT o.id, c.region FROM \`p.raw.orders\` o JOIN \`p.raw.customers\` c ON o.customer_id = c.id) S
       ON T.id = S.id
       WHEN MATCHED THEN UPDATE SET region = S.region`,
      'bigquery',
    );
    expect(joinPairs(s)).toEqual(['p.raw.orders(customer_id)=p.raw.customers(id)']);
  });

  it('GROUP BY ordinals map to output names', () => {
    const s = stmt('CREATE TABLE ds.daily AS SELECT DATE(created_at) AS day, country, COUNT(*) AS n FROM ds.orders GROUP BY 1, 2', 'bigquery');
    expect(grainCols(s)).toEqual([['day', 'country']]);
    expect(lineageOf(s, 'day')).toEqual(['ds.orders.created_at']);
  });
});
