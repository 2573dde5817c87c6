import { describe, expect, it } from 'vitest';
import { searchTextOf } from '../../enrichers/embed/search-text.js';
import type { TableRecord } from '../../schemas/table-record.js';

const base: TableRecord = {
  id: 'staging.stg_orders', table: 'staging.stg_orders', kind: 'dbt model', aliases: [], files: [], upstream: ['raw.orders'],
  downstream: ['marts.daily_revenue'], consumers: [], columns: [], grain: null, joinKeys: [], owners: [], description: 'dbt model staging.stg_orders.',
  usage: null, annotations: null, similarTables: [], provenance: {}, conflicts: [], warnings: [], tags: [], fingerprint: '', commit: '', runId: '', updatedAt: '',
};
const key = (table: string, column: string) => ({ columns: [column], table, refColumns: [column], source: 'sql' as const, confidence: 0.9 });

describe('searchTextOf', () => {
  it('names join partners by their short name, once each, so "join orders to customers" finds the tables that join', () => {
    const text = searchTextOf({ ...base, joinKeys: [key('staging.stg_customers', 'customer_id'), key('staging.stg_customers', 'customer_id'), key('staging.stg_items', 'order_id')] });
    expect(text).toContain('Joins stg customers on customer_id; stg items on order_id.');
  });

  it('leaves lineage neighbours out', () => {
    const text = searchTextOf(base);
    expect(text).not.toContain('raw');
    expect(text).not.toContain('daily');
    expect(text).not.toContain('Joins');
  });
});
