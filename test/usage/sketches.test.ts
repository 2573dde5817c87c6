import { describe, expect, it } from 'vitest';
import { DistinctCounter } from '../../enrichers/usage/distinct-counter.js';
import { TopK } from '../../enrichers/usage/top-k.js';
import { makeResolver } from '../../enrichers/usage/resolve-table.js';
import { isExploratory } from '../../enrichers/usage/exploratory.js';
import { normalizeSql } from '../../enrichers/usage/normalize-sql.js';
import { analyzeQuery } from '../../enrichers/sql/query-shape.js';

describe('DistinctCounter', () => {
  it('is exact under its bound and close above it', () => {
    const small = new DistinctCounter(64);
    for (let i = 0; i < 50; i++) small.add(`u${i % 40}`);
    expect(small.estimate()).toBe(40);
    const big = new DistinctCounter(512);
    for (let i = 0; i < 20_000; i++) big.add(`user-${i}`);
    expect(Math.abs(big.estimate() - 20_000) / 20_000).toBeLessThan(0.12);
  });
});

describe('TopK', () => {
  it('keeps heavy hitters within its capacity', () => {
    const top = new TopK(20);
    for (let i = 0; i < 1000; i++) top.add(i % 10 === 0 ? 'heavy' : `rare${i}`);
    expect(top.size).toBe(20);
    expect(top.top(1)[0].key).toBe('heavy');
  });
});

describe('makeResolver', () => {
  const resolve = makeResolver([{ id: 'analytics.orders' }, { id: 'analytics.users' }, { id: 'staging.users' }]);
  it('matches unique suffixes and more qualified names, never ambiguous ones', () => {
    expect(resolve('orders')).toBe('analytics.orders');
    expect(resolve('"Analytics"."Orders"')).toBe('analytics.orders');
    expect(resolve('prod.analytics.orders')).toBe('analytics.orders');
    expect(resolve('users')).toBeUndefined();
    expect(resolve('staging.users')).toBe('staging.users');
    expect(resolve('nope')).toBeUndefined();
  });
});

describe('isExploratory', () => {
  const check = (sql: string) => isExploratory(normalizeSql(sql), analyzeQuery(sql));
  it('flags peeks and bare counts, not real queries', () => {
    expect(check('SELECT * FROM orders LIMIT 10')).toBe(true);
    expect(check('select order_id, amount from orders limit 5')).toBe(true);
    expect(check('select count(*) from orders')).toBe(true);
    expect(check('SHOW TABLES')).toBe(true);
    expect(check("select count(*) from orders where status = 'open'")).toBe(false);
    expect(check('select country, sum(amount) from orders group by country')).toBe(false);
    expect(check('select * from orders limit 100000')).toBe(false);
  });

  it('normalizes literals, whitespace and case', () => {
    expect(normalizeSql("SELECT a FROM t WHERE d >= '2024-01-01'  AND x IN (1, 2, 3) -- note")).toBe(
      normalizeSql("select a from t\nwhere d >= '2023-12-31' and x in (7)"),
    );
  });
});
