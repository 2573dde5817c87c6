import { describe, expect, it } from 'vitest';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import type { Usage } from '../../schemas/table-record.js';
import { annotation, modelFact, ordersEntry } from './fixtures.js';

const codeowners = [{ id: '@acme/data-eng', kind: 'team' as const, source: 'codeowners' as const, confidence: 0.8 }];

describe('mergeTable precedence', () => {
  it('without annotations: declared beats static beats model, disagreements are conflicts', () => {
    const r = mergeTable(ordersEntry(), { model: modelFact(), owners: codeowners });
    expect(r.grain).toMatchObject({ columns: ['ORDER_ID'], statement: 'one row per ORDER_ID', source: 'dbt-yaml' });
    expect(r.provenance.description).toEqual({ source: 'dbt-yaml' });
    expect(r.summary).toBe('All orders placed on the web shop.');
    expect(r.kind).toBe('dbt model');
    expect(r.provenance.kind.source).toBe('sql');
    expect(r.owners.map((o) => o.id)).toEqual(['@acme/data-eng']);
    expect(r.conflicts).toEqual([
      { field: 'grain', winner: { value: ['ORDER_ID'], source: 'dbt-yaml' }, loser: { value: ['order_id', 'line_id'], source: 'model' } },
      { field: 'description', winner: { value: 'All orders placed on the web shop.', source: 'dbt-yaml' }, loser: { value: 'Orders table.', source: 'model' } },
      { field: 'kind', winner: { value: 'dbt model', source: 'sql' }, loser: { value: 'view', source: 'model' } },
    ]);
  });

  it('an annotated owner wins over CODEOWNERS, which is kept as a conflict', () => {
    const r = mergeTable(ordersEntry(), { owners: codeowners, annotation: annotation() });
    expect(r.owners.map((o) => [o.id, o.source])).toEqual([
      ['@acme/checkout', 'annotation'],
      ['@acme/data-eng', 'codeowners'],
    ]);
    expect(r.provenance.owners).toEqual({ source: 'annotation', detail: '@acme/checkout' });
    expect(r.conflicts).toContainEqual({
      field: 'owners',
      winner: { value: ['@acme/checkout'], source: 'annotation' },
      loser: { value: '@acme/data-eng', source: 'codeowners' },
    });
  });

  it('a per-table declaration (dbt meta, Airflow owner) outranks a path-wide CODEOWNERS rule, whatever the confidences', () => {
    const team = { id: '@acme/data-eng', kind: 'team' as const, source: 'codeowners' as const, confidence: 0.9 };
    const meta = { id: 'ana@acme.io', kind: 'user' as const, source: 'dbt-yaml' as const, confidence: 0.85 };
    const dag = { id: 'bo@acme.io', kind: 'user' as const, source: 'airflow' as const, confidence: 0.8 };
    const git = { id: 'cy@acme.io', kind: 'user' as const, source: 'git' as const, confidence: 0.99 };
    expect(mergeTable(ordersEntry(), { owners: [git, team, dag, meta] }).owners.map((o) => o.id)).toEqual(['ana@acme.io', 'bo@acme.io', '@acme/data-eng', 'cy@acme.io']);
    expect(mergeTable(ordersEntry(), { owners: [git, team, dag] }).owners[0].id).toBe('bo@acme.io');
    // nothing declared: the top git author
    expect(mergeTable(ordersEntry(), { owners: [git, { ...git, id: 'dee@acme.io', confidence: 0.4 }] }).owners[0].id).toBe('cy@acme.io');
  });

  it('an annotation wins grain (statement verbatim), description and column notes; agreeing values are not conflicts', () => {
    const r = mergeTable(ordersEntry(), {
      annotation: annotation({
        description: 'Web shop orders, one per checkout.',
        grain: { columns: ['order_id'], statement: 'one row per checkout (order_id)' },
        columns: { order_id: 'Checkout id' },
      }),
    });
    expect(r.grain).toMatchObject({ statement: 'one row per checkout (order_id)', source: 'annotation', columns: ['order_id'] });
    expect(r.conflicts.filter((c) => c.field === 'grain')).toEqual([]);
    expect(r.columns.find((c) => c.name === 'order_id')).toMatchObject({ description: 'Checkout id', source: 'annotation' });
    expect(r.provenance['columns.order_id']).toEqual({ source: 'annotation' });
    expect(r.conflicts.map((c) => [c.field, c.loser.source])).toEqual([
      ['description', 'dbt-yaml'],
      ['columns.order_id.description', 'dbt-yaml'],
    ]);
    expect(r.annotations).toMatchObject({ file: 'annotations/orders.yml', caveats: ['Amounts exclude tax before 2023.'] });
  });

  it('unions join keys from code and usage, one per key with the best source', () => {
    const usage: Usage = {
      queries7d: 1, queries30d: 1, queries90d: 1, distinctUsers: 1, topUsers: [], topColumns: [], topFilters: [],
      joinedWith: [
        { table: 'analytics.customers', count: 10, keys: ['customer_id=id'] },
        { table: 'analytics.payments', count: 3, keys: ['order_id=order_id'] },
      ],
      tier: 'dashboard', tierCounts: { dashboard: 1 }, exploratoryQueries: 0, canonicalExamples: [], lastQueriedAt: null,
    };
    const r = mergeTable(ordersEntry(), { usage });
    expect(r.joinKeys.map((k) => [k.columns[0], k.table, k.source])).toEqual([
      ['customer_id', 'analytics.customers', 'sql'],
      ['order_id', 'analytics.payments', 'usage'],
    ]);
    expect(r.usage).toBe(usage);
  });
});
