import { describe, expect, it } from 'vitest';
import { grainCols, joinPairs, lineageOf, sorted, stmt } from './helpers.js';

describe('Snowflake', () => {
  it('reads CREATE OR REPLACE TRANSIENT TABLE with :: casts, ILIKE and db.schema.table names', () => {
    const s = stmt(
      `CREATE OR REPLACE TRANSIENT TABLE ANALYTICS.MART.ACTIVE_USERS AS
       SELECT u.USER_ID::VARCHAR AS user_id, u.EMAIL
       FROM RAW.APP.USERS u
       WHERE u.EMAIL ILIKE '%@acme.com'`,
      'snowflake',
    );
    expect(s.kind).toBe('create_table_as');
    expect(s.target).toBe('analytics.mart.active_users');
    expect(s.temporary).toBe(false);
    expect(s.sources).toEqual(['raw.app.users']);
    expect(lineageOf(s, 'user_id')).toEqual(['raw.app.users.user_id']);
  });

  it('does not count LATERAL FLATTEN as a table', () => {
    const s = stmt(
      `CREATE TABLE db.s.tags AS SELECT p.id, f.value::string AS tag FROM db.s.posts p, LATERAL FLATTEN(input => p.tags) f`,
      'snowflake',
    );
    expect(s.sources).toEqual(['db.s.posts']);
  });

  it('QUALIFY on a window alias gives the partition keys as grain', () => {
    const s = stmt(
      `CREATE OR REPLACE TABLE db.s.dedup AS
       SELECT account_id, plan, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY changed_at DESC) AS rn
       FROM db.s.plan_changes
       QUALIFY rn = 1`,
      'snowflake',
    );
    expect(grainCols(s)).toEqual([['account_id']]);
  });

  it('resolves joins through CTE aliases to the physical table and column', () => {
    const s = stmt(
      `CREATE VIEW db.s.v AS
       WITH o AS (SELECT order_id, cust AS customer_key FROM db.raw.orders),
            c AS (SELECT id, name FROM db.raw.customers)
       SELECT o.order_id, c.name FROM o JOIN c ON o.customer_key = c.id`,
      'snowflake',
    );
    expect(s.kind).toBe('create_view');
    expect(sorted(s.sources)).toEqual(['db.raw.customers', 'db.raw.orders']);
    expect(joinPairs(s)).toEqual(['db.raw.orders(cust)=db.raw.customers(id)']);
    expect(s.grain).toEqual([]);
  });

  it('marks CREATE TEMPORARY TABLE as temporary', () => {
    const s = stmt('CREATE TEMPORARY TABLE stage_x AS SELECT a FROM db.s.x', 'snowflake');
    expect(s.temporary).toBe(true);
    expect(s.target).toBe('stage_x');
  });

  it('GROUP BY ALL groups by every non-aggregate output column; literals and windowed aggregates do not count', () => {
    const s = stmt(`CREATE TABLE m.daily AS SELECT TO_DATE(ts) AS day, country, 'web' AS channel, COUNT(*) AS n, SUM(amt) AS total FROM s.t GROUP BY ALL`, 'snowflake');
    expect(grainCols(s)).toEqual([['day', 'country']]);
    const w = stmt('CREATE TABLE m.w AS SELECT day, SUM(COUNT(*)) OVER (ORDER BY day) AS running FROM s.t GROUP BY ALL', 'snowflake');
    expect(grainCols(w)).toEqual([['day']]);
  });
});
