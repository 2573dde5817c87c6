import { describe, expect, it } from 'vitest';
import { catalogView, indexEntryOf } from '../../enrichers/model/catalog-view.js';
import { verifyAnswer } from '../../enrichers/model/verify.js';
import type { ModelAnswer } from '../../schemas/model-answer.js';
import { SAMPLE_ENTRIES, SAMPLE_FILES, byId } from './sample-repo.js';
import { emptyAnswer } from './harness.js';

const catalog = catalogView(SAMPLE_ENTRIES.map(indexEntryOf));
const code = (...paths: string[]) => paths.map((path) => ({ path, text: SAMPLE_FILES[path] }));
const answer = (a: Partial<ModelAnswer>): ModelAnswer => ({
  ...emptyAnswer(),
  ...a,
});
const opts = { model: 'gpt-test', code: code('models/marts/fct_revenue.sql') };

describe('verifyAnswer', () => {
  it('keeps valid claims as model facts with the model name', () => {
    const { fact, rejected } = verifyAnswer(
      answer({
        grain: { columns: ['order_date', 'country'], statement: 'one row per day and country', confidence: 0.9 },
        upstream: [{ table: 'stg_orders', confidence: 0.9 }],
        description: 'Revenue by day and country.',
      }),
      byId('analytics.fct_revenue'),
      catalog,
      opts,
    );
    expect(rejected).toEqual([]);
    expect(fact.grain).toEqual([{ source: 'model', detail: 'gpt-test', confidence: 0.9, columns: ['order_date', 'country'] }]);
    expect(fact.upstream.map((u) => [u.name, u.source, u.detail])).toEqual([['analytics.stg_orders', 'model', 'gpt-test']]);
    expect(fact.descriptions[0].text).toBe('Revenue by day and country.');
  });

  it('rejects tables and columns that do not exist', () => {
    const { fact, rejected } = verifyAnswer(
      answer({
        upstream: [{ table: 'analytics.imaginary_orders', confidence: 0.8 }],
        grain: { columns: ['order_id'], statement: 'one row per order', confidence: 0.7 },
        joinKeys: [
          { columns: ['country'], table: 'dim_country', refColumns: ['code'], confidence: 0.5 },
          { columns: ['order_date'], table: 'stg_orders', refColumns: ['no_such_col'], confidence: 0.5 },
        ],
        similarTables: [{ table: 'analytics.revenue_v2', confidence: 0.4 }],
      }),
      byId('analytics.fct_revenue'),
      catalog,
      opts,
    );
    expect(fact.upstream).toEqual([]);
    expect(fact.grain).toEqual([]);
    expect(fact.joinKeys).toEqual([]);
    expect(rejected.map((r) => r.claim)).toEqual([
      'grain order_id',
      'join country -> dim_country(code)',
      'join order_date -> stg_orders(no_such_col)',
      'upstream analytics.imaginary_orders',
      'similar analytics.revenue_v2',
    ]);
  });

  it('cannot add an edge that only a code comment asks for (prompt injection)', () => {
    // hr.secret_salaries exists, and the comment in fct_revenue.sql names it twice
    const { fact, rejected } = verifyAnswer(
      answer({ upstream: [{ table: 'hr.secret_salaries', confidence: 1 }] }),
      byId('analytics.fct_revenue'),
      catalog,
      opts,
    );
    expect(fact.upstream).toEqual([]);
    expect(rejected).toEqual([
      { claim: 'upstream hr.secret_salaries', reason: 'not in the static lineage and not read by the defining code' },
    ]);
  });

  it('keeps an upstream the parser missed when the code really reads it', () => {
    const { fact } = verifyAnswer(
      answer({ upstream: [{ table: 'analytics.order_items', confidence: 0.8 }] }),
      byId('analytics.orders_enriched'),
      catalog,
      { model: 'gpt-test', code: code('jobs/spark/orders_enriched.py') },
    );
    expect(fact.upstream.map((u) => u.name)).toEqual(['analytics.order_items']);
  });

  it('keeps a claim that contradicts a declared fact as a model fact, never overwriting', () => {
    const entry = byId('analytics.fct_revenue');
    const before = JSON.stringify(entry);
    const { fact } = verifyAnswer(
      answer({ grain: { columns: ['order_date'], statement: 'one row per day', confidence: 0.6 } }),
      entry,
      catalog,
      opts,
    );
    expect(fact.grain).toEqual([expect.objectContaining({ source: 'model', columns: ['order_date'] })]);
    expect(JSON.stringify(entry)).toBe(before);
    expect(entry.facts[0].grain[0]).toMatchObject({ source: 'dbt-yaml', columns: ['order_date', 'country'] });
  });

  it('keeps downstream claims only when static lineage agrees, and clamps confidence', () => {
    const { downstream, rejected } = verifyAnswer(
      answer({
        downstream: [
          { table: 'analytics.fct_revenue', confidence: 7 },
          { table: 'analytics.order_items', confidence: 0.5 },
        ],
      }),
      byId('analytics.stg_orders'),
      catalog,
      { model: 'gpt-test' },
    );
    expect(downstream).toEqual([expect.objectContaining({ name: 'analytics.fct_revenue', confidence: 1 })]);
    expect(rejected.map((r) => r.claim)).toEqual(['downstream analytics.order_items']);
  });
});
