import { describe, expect, it } from 'vitest';
import { versionedName } from '../../enrichers/similar/base-name.js';
import { findSimilarTables } from '../../enrichers/similar/similar-tables.js';

const t = (id: string, upstream: string[] = [], columns: string[] = []) => ({ id, upstream, columns });
const of = (m: Map<string, { table: string; reason: string; score: number }[]>, id: string) =>
  (m.get(id) ?? []).map((s) => [s.table, s.reason, s.score]);

describe('versionedName', () => {
  it('strips version and lifecycle suffixes, one after another', () => {
    expect(versionedName('analytics.orders_v2')).toEqual({ namespace: 'analytics', base: 'orders', versioned: true });
    expect(versionedName('p.d.orders_v2_1')).toEqual({ namespace: 'p.d', base: 'orders', versioned: true });
    expect(versionedName('orders_v2_old').base).toBe('orders');
    expect(versionedName('customers_legacy').base).toBe('customers');
    expect(versionedName('customers_backup').base).toBe('customers');
    expect(versionedName('customers_deprecated').base).toBe('customers');
    expect(versionedName('customers_new').base).toBe('customers');
    // not a version: a year, or a name that would vanish
    expect(versionedName('sales_2024').base).toBe('sales_2024');
    expect(versionedName('x.old')).toEqual({ namespace: 'x', base: 'old', versioned: false });
  });
});

describe('findSimilarTables', () => {
  it('links versions of one table in the same dataset', () => {
    const m = findSimilarTables([t('a.orders_v1'), t('a.orders_v2'), t('a.orders_legacy'), t('a.customers')]);
    expect(of(m, 'a.orders_v2')).toEqual([
      ['a.orders_legacy', 'versioned-name', 1],
      ['a.orders_v1', 'versioned-name', 1],
    ]);
    expect(m.has('a.customers')).toBe(false);
  });

  it('links a same-named table in another dataset only when columns overlap', () => {
    const cols = ['order_id', 'customer_id', 'amount', 'status'];
    const m = findSimilarTables([
      t('staging.orders', [], cols),
      t('marts.orders_v2', [], [...cols, 'region']),
      t('finance.orders', [], ['ledger_id', 'account', 'debit', 'credit']),
    ]);
    // J = 4/5 -> 0.6 + 0.3 * 0.8
    expect(of(m, 'staging.orders')).toEqual([['marts.orders_v2', 'versioned-name', 0.84]]);
    expect(m.has('finance.orders')).toBe(false);
  });

  it('links tables built from the same upstream set', () => {
    const m = findSimilarTables([
      t('m.daily_revenue', ['raw.orders', 'raw.payments']),
      t('m.revenue_summary', ['RAW.Orders', 'raw.payments']),
      t('m.only_orders', ['raw.orders']),
      t('m.orders_copy', ['raw.orders']),
    ]);
    expect(of(m, 'm.daily_revenue')).toEqual([['m.revenue_summary', 'same-upstream', 0.9]]);
    // one shared upstream is too common a coincidence
    expect(m.has('m.only_orders')).toBe(false);
  });

  it('links near-identical upstream sets (Jaccard >= 0.8) but not looser ones', () => {
    const five = ['s.a', 's.b', 's.c', 's.d', 's.e'];
    const m = findSimilarTables([t('x.one', five), t('x.two', five.slice(0, 4)), t('x.three', five.slice(0, 3))]);
    expect(of(m, 'x.one')).toEqual([['x.two', 'same-upstream', 0.72]]);
    // 3/5 = 0.6 with x.one, 3/4 = 0.75 with x.two
    expect(m.has('x.three')).toBe(false);
  });

  it('links tables with large column overlap, ignoring case', () => {
    const cols = ['user_id', 'session_id', 'started_at', 'device', 'country', 'referrer', 'duration_s'];
    const m = findSimilarTables([
      t('web.sessions', [], cols),
      t('app.visits', [], [...cols.slice(0, 6).map((c) => c.toUpperCase()), 'app_version']),
      t('web.pageviews', [], ['user_id', 'session_id', 'url', 'viewed_at']),
    ]);
    // 6 shared of 8 -> J = 0.75, score 0.8 * 0.75
    expect(of(m, 'web.sessions')).toEqual([['app.visits', 'column-overlap', 0.6]]);
    expect(m.has('web.pageviews')).toBe(false);
  });

  it('needs at least four columns on each side', () => {
    const m = findSimilarTables([t('a.x', [], ['id', 'name', 'value']), t('b.y', [], ['id', 'name', 'value'])]);
    expect(m.size).toBe(0);
  });

  it('keeps the strongest reason per pair and the top five per table', () => {
    const cols = ['k1', 'k2', 'k3', 'k4'];
    const tables = [t('d.events_v1', ['r.a', 'r.b'], cols), t('d.events_v2', ['r.a', 'r.b'], cols)];
    for (let i = 0; i < 8; i++) tables.push(t(`d.shard_${i}`, ['r.a', 'r.b'], []));
    const m = findSimilarTables(tables);
    const v1 = m.get('d.events_v1')!;
    expect(v1).toHaveLength(5);
    expect(v1[0]).toEqual({ table: 'd.events_v2', reason: 'versioned-name', score: 1 });
    expect(v1.slice(1).every((s) => s.reason === 'same-upstream')).toBe(true);
  });

  it('unrelated tables have no similar tables', () => {
    const m = findSimilarTables([
      t('a.orders', ['raw.orders', 'raw.items'], ['order_id', 'item_id', 'qty', 'price']),
      t('b.users', ['raw.users', 'raw.signups'], ['user_id', 'email', 'signup_at', 'plan']),
    ]);
    expect(m.size).toBe(0);
  });
});
