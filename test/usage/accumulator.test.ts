import { describe, expect, it } from 'vitest';
import { UsageAccumulator } from '../../enrichers/usage/accumulator.js';
import { usageJoinKeys } from '../../enrichers/usage/join-keys.js';
import { makeResolver } from '../../enrichers/usage/resolve-table.js';
import type { QueryLogRecord } from '../../enrichers/usage/log-record.js';

const DAY = 86_400_000;
const NOW = new Date('2024-06-30T12:00:00Z');
const at = (daysAgo: number) => NOW.getTime() - daysAgo * DAY - 3_600_000;

/** 10 dashboard joins over the last 10 days, 20 peeks 40 days ago, 5 scheduled counts 100 days ago, 3 unknown-table reads. */
function generatedLog(): QueryLogRecord[] {
  const log: QueryLogRecord[] = [];
  for (let i = 0; i < 10; i++) {
    log.push({
      query: `select o.order_date, c.country, sum(o.amount) from analytics.orders o join customers c on o.customer_id = c.id where o.order_date >= '2024-06-${10 + i}' group by 1, 2`,
      user: i % 2 ? 'analyst_b' : 'analyst_a',
      timestamp: at(i),
      tier: 'dashboard',
    });
  }
  for (let i = 0; i < 20; i++) log.push({ query: 'SELECT * FROM orders LIMIT 10', user: `u${i % 5}`, timestamp: at(40), tier: 'dashboard' });
  for (let i = 0; i < 5; i++) {
    log.push({ query: `select count(*) from analytics.orders where status = 'open'`, user: 'svc_etl', timestamp: at(100), tier: 'scheduled' });
  }
  for (let i = 0; i < 3; i++) log.push({ query: 'select a from raw.unknown', user: 'x', timestamp: at(1), tier: 'adhoc' });
  return log;
}

describe('UsageAccumulator', () => {
  const acc = new UsageAccumulator({ resolve: makeResolver([{ id: 'analytics.orders' }, { id: 'analytics.customers' }]) });
  for (const record of generatedLog()) acc.add(record);
  const usage = acc.finish(NOW);
  const orders = usage.get('analytics.orders')!;

  it('counts queries per window, tier and user on a generated log', () => {
    expect([...usage.keys()]).toEqual(['analytics.customers', 'analytics.orders']);
    expect([orders.queries7d, orders.queries30d, orders.queries90d]).toEqual([7, 10, 30]);
    expect(orders.tierCounts).toEqual({ dashboard: 30, report: 0, scheduled: 5, adhoc: 0 });
    expect(orders.tier).toBe('dashboard');
    expect(orders.exploratoryQueries).toBe(20);
    expect(orders.distinctUsers).toBe(8);
    expect(orders.topUsers.slice(0, 4)).toEqual([
      { user: 'analyst_a', count: 5 },
      { user: 'analyst_b', count: 5 },
      { user: 'svc_etl', count: 5 },
      { user: 'u0', count: 4 },
    ]);
    expect(orders.topFilters).toEqual([
      { column: 'order_date', count: 10 },
      { column: 'status', count: 5 },
    ]);
    expect(orders.lastQueriedAt).toBe('2024-06-30T11:00:00.000Z');
    expect(usage.get('analytics.customers')!.queries7d).toBe(7);
  });

  it('never makes `select * limit 10` canonical, even from a dashboard and most frequent', () => {
    expect(orders.canonicalExamples.map((e) => [e.tier, e.count])).toEqual([
      ['dashboard', 10],
      ['scheduled', 5],
    ]);
    expect(orders.canonicalExamples.some((e) => /select \*/i.test(e.sql))).toBe(false);
  });

  it('records observed join keys on both sides and turns them into usage join-key facts', () => {
    expect(orders.joinedWith).toEqual([{ table: 'analytics.customers', count: 10, keys: ['customer_id=id'] }]);
    expect(usage.get('analytics.customers')!.joinedWith).toEqual([{ table: 'analytics.orders', count: 10, keys: ['id=customer_id'] }]);
    const [fact] = usageJoinKeys(orders, 'analytics.orders');
    expect(fact).toMatchObject({ source: 'usage', columns: ['customer_id'], table: 'analytics.customers', refColumns: ['id'] });
  });
});
