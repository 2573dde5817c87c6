import { describe, expect, it } from 'vitest';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import { describeTable } from '../../enrichers/merge/describe-table.js';
import { annotation, ordersEntry } from './fixtures.js';

describe('describeTable', () => {
  it('says what it is, the grain, how to join, lineage, owners and caveats', () => {
    const r = mergeTable(ordersEntry(), { annotation: annotation() });
    expect(r.description).toBe(
      [
        'dbt model analytics.orders: All orders placed on the web shop.',
        'Grain: one row per ORDER_ID.',
        'Join: customer_id = analytics.customers.id.',
        'Reads raw.shop_orders, raw.payments. Read by 1 table.',
        'Owners: @acme/checkout (team).',
        'Caveats: Amounts exclude tax before 2023.',
        'Key columns: ORDER_ID (Order key), customer_id.',
      ].join('\n'),
    );
    expect(describeTable(r)).toBe(r.description);
  });

  it('puts deprecation with its replacement first', () => {
    const r = mergeTable(ordersEntry(), { annotation: annotation({ deprecated: true, replacedBy: 'analytics.orders_v2' }) });
    expect(r.description.split('\n')[0]).toBe('Deprecated: use analytics.orders_v2 instead.');
    expect(r.tags).toContain('deprecated');
  });

  it('holds the budget on a huge input and keeps the essentials', () => {
    const entry = ordersEntry();
    entry.upstream = Array.from({ length: 500 }, (_, i) => `raw.source_${i}`);
    entry.downstream = Array.from({ length: 2000 }, (_, i) => `mart.t_${i}`);
    entry.facts[0].columns = Array.from({ length: 1000 }, (_, i) => ({ name: `col_${i}`, description: 'x'.repeat(500), source: 'dbt-yaml' as const }));
    entry.joinKeys = Array.from({ length: 100 }, (_, i) => ({ columns: [`k${i}`], table: `t${i}`, refColumns: ['id'], source: 'sql' as const, confidence: 0.5 }));
    const r = mergeTable(entry, {
      annotation: annotation({
        description: 'd'.repeat(10_000),
        caveats: Array.from({ length: 50 }, () => 'c'.repeat(1000)),
        deprecated: true,
        replacedBy: 'analytics.orders_v2',
        pii: Array.from({ length: 100 }, (_, i) => `p${i}`),
      }),
    });
    expect(r.description.length).toBeLessThanOrEqual(1200);
    expect(r.description).toMatch(/^Deprecated: use analytics.orders_v2 instead\.\n/);
    expect(r.description).toContain('Grain: one row per ORDER_ID.');
    expect(r.description).toContain('Caveats: ');
    expect(r.description).toContain('Join: k0 = t0.id; k1 = t1.id; k2 = t2.id.');
  });
});
