import { describe, expect, it } from 'vitest';
import { grainCols, lineageOf, sorted, stmt } from './helpers.js';

describe('Spark / Databricks', () => {
  it('reads INSERT OVERWRITE TABLE with a PARTITION spec', () => {
    const s = stmt(
      `INSERT OVERWRITE TABLE warehouse.daily_clicks PARTITION (ds = '2024-01-01')
       SELECT page_id, COUNT(*) AS clicks FROM raw.clicks GROUP BY page_id`,
      'spark',
    );
    expect(s.kind).toBe('insert');
    expect(s.target).toBe('warehouse.daily_clicks');
    expect(s.sources).toEqual(['raw.clicks']);
    expect(grainCols(s)).toEqual([['page_id']]);
  });

  it('reads CREATE TABLE ... USING DELTA PARTITIONED BY ... AS SELECT', () => {
    const s = stmt(
      `CREATE TABLE IF NOT EXISTS gold.sessions USING DELTA PARTITIONED BY (dt) TBLPROPERTIES ('quality' = 'gold') AS
       SELECT s.session_id, s.dt, u.country FROM silver.sessions s LEFT JOIN silver.users u ON s.user_id = u.user_id`,
      'spark',
    );
    expect(s.kind).toBe('create_table_as');
    expect(s.target).toBe('gold.sessions');
    expect(sorted(s.sources)).toEqual(['silver.sessions', 'silver.users']);
    expect(lineageOf(s, 'country')).toEqual(['silver.users.country']);
  });

  it('does not count LATERAL VIEW explode as a table', () => {
    const s = stmt(
      'CREATE TABLE gold.order_items AS SELECT o.order_id, item FROM silver.orders o LATERAL VIEW explode(o.items) t AS item',
      'spark',
    );
    expect(s.sources).toEqual(['silver.orders']);
    expect(lineageOf(s, 'order_id')).toEqual(['silver.orders.order_id']);
  });

  it('reads backticked db.table names', () => {
    const s = stmt('INSERT INTO `gold`.`t` SELECT DISTINCT a, b FROM `silver`.`s`', 'spark');
    expect(s.target).toBe('gold.t');
    expect(s.sources).toEqual(['silver.s']);
    expect(grainCols(s)).toEqual([['a', 'b']]);
  });

  it('does not count files read in place (parquet.`path`) as catalog tables', () => {
    const s = stmt('INSERT INTO gold.t SELECT * FROM parquet.`s3://bucket/raw/t/` r JOIN silver.s USING (id)', 'spark');
    expect(s.target).toBe('gold.t');
    expect(s.sources).toEqual(['silver.s']);
  });
});
