import { describe, expect, it } from 'vitest';
import { directJoins, keyTest, relationOf } from '../../enrichers/catalog/fk-relation.js';
import { PARTIAL_JOIN } from '../../enrichers/sql/joins-on.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import type { FileFacts } from '../../schemas/facts.js';

describe('which way a join points', () => {
  const isKey = keyTest(
    new Map([
      ['customers', ['customer_id']],
      ['orders', ['order_id']],
      ['order_totals', ['order_id']],
      ['claims', ['claim_id', 'data_source']],
      ['claim_dates', ['claim_id', 'data_source']],
    ]),
    new Map([['dim_course', 'course_pk']]),
  );

  it('a JOIN ON from a non-key column to the other table\'s key is a foreign key read from code', () => {
    // proves: `orders.customer_id = customers.customer_id` points from orders to customers, both ways round
    expect(relationOf('orders', { columns: ['customer_id'], table: 'customers', refColumns: ['customer_id'], source: 'sql', confidence: 0.9 }, isKey)).toBe('references');
    expect(relationOf('customers', { columns: ['customer_id'], table: 'orders', refColumns: ['customer_id'], source: 'sql', confidence: 0.9 }, isKey)).toBe('referenced by');
    expect(relationOf('orders', { columns: ['course_fk'], table: 'dim_course', refColumns: ['course_pk'], source: 'sql', confidence: 0.9 }, isKey)).toBe('references');
  });

  it('a model joined to a seed references the seed even with the seed\'s key unknown', () => {
    // proves (tuva's blind copy: `admit_source_code = terminology.admit_source.admit_source_code`, the seed keyless)
    const isLookup = (id: string) => id === 'admit_source';
    const k = { columns: ['admit_source_code'], table: 'admit_source', refColumns: ['admit_source_code'], source: 'sql' as const, confidence: 0.9 };
    expect(relationOf('orders', k, isKey, isLookup)).toBe('references');
    expect(relationOf('admit_source', { ...k, table: 'orders' }, isKey, isLookup)).toBe('referenced by');
    expect(relationOf('orders', k, isKey)).toBe('joined');
  });

  it('two tables of one grain joined 1:1, or a join on no key, are only joined', () => {
    // proves (tuva: medical claims joined to each normalising model on claim_id, data_source): no direction
    expect(relationOf('claims', { columns: ['data_source', 'claim_id'], table: 'claim_dates', refColumns: ['claim_id', 'data_source'], source: 'sql', confidence: 0.9 }, isKey)).toBe('joined');
    expect(relationOf('orders', { columns: ['order_id'], table: 'order_totals', refColumns: ['order_id'], source: 'sql', confidence: 0.9 }, isKey)).toBe('joined');
    expect(relationOf('orders', { columns: ['status'], table: 'customers', refColumns: ['segment'], source: 'sql', confidence: 0.9 }, isKey)).toBe('joined');
  });

  it('the linker marks a declared edge by its direction and a join in code as joined until grain is known', () => {
    // proves: a relationships test's table references its `to:`; a JOIN ON edge gets a direction only from grain
    const fact = (name: string, joinKeys: FileFacts['tables'][number]['joinKeys'] = []): FileFacts['tables'][number] => ({
      name, defines: true, aliases: [], upstream: [], columns: [], grain: [], joinKeys, owners: [], descriptions: [], consumers: [], tags: [],
    });
    const { entries } = linkCatalog([
      { file: 'models/a.yml', tables: [fact('orders', [{ columns: ['customer_id'], table: 'customers', refColumns: ['customer_id'], source: 'dbt-yaml', confidence: 0.95 }]), fact('customers'), fact('payments')], joins: [
        { left: { table: 'payments', columns: ['status'] }, right: { table: 'orders', columns: ['status'] }, source: 'sql', confidence: 0.9 },
      ], warnings: [] } as unknown as FileFacts,
    ]);
    const rel = (id: string) => entries.find((e) => e.id === id)!.joinKeys.map((k) => `${k.columns}>${k.table}:${k.relation}`).sort();
    expect(rel('orders')).toEqual(['customer_id>customers:references', 'status>payments:joined']);
    expect(rel('customers')).toEqual(['customer_id>orders:referenced by']);
  });

  it('a piece of a composite join that references no key is dropped; one that references a key stays', () => {
    // proves (ol-data-platform's enrollment_detail_report: payment joined on f_order.order_id and
    // enrollment.platform_fk): platform_fk alone is no way to join payments to enrollments
    const entry = (id: string, joinKeys: CatalogEntry['joinKeys']) => ({ id, kind: 'dbt model', joinKeys }) as unknown as CatalogEntry;
    const piece = { source: 'sql' as const, confidence: 0.8, detail: PARTIAL_JOIN, relation: 'joined' as const };
    const [payments] = directJoins(
      [
        entry('payments', [
          { ...piece, columns: ['platform_fk'], table: 'enrollments', refColumns: ['platform_fk'] },
          { ...piece, columns: ['order_id'], table: 'orders', refColumns: ['order_id'] },
          { ...piece, detail: undefined, columns: ['status'], table: 'orders', refColumns: ['status'] },
        ]),
      ],
      keyTest(new Map([['orders', ['order_id']], ['payments', ['payment_id']]]), new Map()),
    );
    expect(payments.joinKeys.map((k) => `${k.columns}>${k.table}:${k.relation}`)).toEqual(['order_id>orders:references', 'status>orders:joined']);
  });
});
