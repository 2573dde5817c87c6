import { beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../../reader/catalog.js';
import { shopCatalog } from './shop-catalog.js';

describe('openCatalog search on a real LanceDB', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await openCatalog((await shopCatalog()).db);
  });

  it('hybrid, vector and text each find the table a question is about', async () => {
    for (const mode of ['hybrid', 'vector', 'text'] as const) {
      const [top] = await catalog.search('daily revenue per country', { limit: 3, mode });
      expect([mode, top.table]).toEqual([mode, 'marts.fct_daily_revenue']);
    }
  });

  it('hybrid returns at most the limit, best first', async () => {
    const hits = await catalog.search('orders', { limit: 2 });
    expect(hits).toHaveLength(2);
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
    expect(hits.map((h) => h.table)).toContain('stg_orders');
  });

  it('filters by kind, by owner, and by a raw predicate, in every mode', async () => {
    for (const mode of ['hybrid', 'vector', 'text'] as const) {
      const jobs = await catalog.search('revenue', { mode, kind: 'sql job', limit: 10 });
      expect(new Set(jobs.map((h) => h.kind))).toEqual(new Set(['sql job']));
      const cy = await catalog.search('revenue', { mode, owner: 'cy@example.com', limit: 10 });
      expect(cy.map((h) => h.table)).toContain('reporting.weekly_revenue');
      expect(cy.every((h) => h.record.owners.some((o) => o.id === 'cy@example.com'))).toBe(true);
    }
    const where = await catalog.search('orders', { where: "kind = 'dbt source'", limit: 10 });
    expect(where.map((h) => h.table).sort()).toEqual(['raw_shop.customers', 'raw_shop.orders']);
  });
});
