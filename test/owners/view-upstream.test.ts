import { describe, expect, it } from 'vitest';
import { viewUpstreamOwners } from '../../enrichers/owners/view-upstream.js';
import { declared, table } from './owner-fixtures.js';

const index = (ts: ReturnType<typeof table>[]) => new Map(ts.map((t) => [t.id, t]));

describe('viewUpstreamOwners', () => {
  it("a view over one table takes that table's declared owner at 0.5, through a view chain", () => {
    // proves: view -> view -> table finds the table's owner two hops up
    const ts = [
      table('shop.orders_v1', { declared: [declared('ana@shop.test')] }),
      table('shop.orders_mid', { kind: 'view', upstream: ['shop.orders_v1'] }),
      table('shop.orders', { kind: 'view', upstream: ['shop.orders_mid'] }),
    ];
    const out = viewUpstreamOwners(ts, index(ts));
    expect(out.get('shop.orders')?.[0]).toMatchObject({ id: 'ana@shop.test', source: 'heuristic', confidence: 0.5 });
  });

  it('a view joining two tables, or a table that is not a view, gets nothing', () => {
    // proves: only a single upstream is evidence; plain tables are not views
    const ts = [
      table('a', { declared: [declared('ana@shop.test')] }),
      table('b', { declared: [declared('raj@shop.test')] }),
      table('v', { kind: 'view', upstream: ['a', 'b'] }),
      table('t', { kind: 'sql job', upstream: ['a'] }),
    ];
    expect(viewUpstreamOwners(ts, index(ts)).size).toBe(0);
  });
});
