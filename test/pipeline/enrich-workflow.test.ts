import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTemporal, type TemporalHandle } from '../../cli/temporal-runtime.js';
import { runEnrichment } from '../../cli/run-enrichment.js';
import { openCatalog } from '../../reader/catalog.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

describe('enrichment workflow on a real Temporal dev server and an on-disk LanceDB', () => {
  let temporal: TemporalHandle;
  let repo: string;
  let db: string;

  beforeAll(async () => {
    temporal = await openTemporal();
    repo = await makeGitRepo(shopCommits);
    db = join(mkdtempSync(join(tmpdir(), 'grainline-db-')), 'db');
  });
  afterAll(async () => {
    await temporal?.close();
  });

  it('writes one row per table with lineage both ways, then skips an unchanged repo', async () => {
    const first = await runEnrichment({ repo, dbUri: db, temporal, quiet: true });
    expect(first.tables).toBe(7);
    expect(first.enriched).toBe(7);
    expect(first.warnings).toBeGreaterThan(0); // jobs/broken.sql

    const catalog = await openCatalog(db);
    const rows = [];
    for await (const r of catalog.all()) rows.push(r);
    expect(rows.map((r) => r.table).sort()).toEqual([
      'marts.fct_daily_revenue',
      'raw_shop.customers',
      'raw_shop.orders',
      'reporting.broken',
      'reporting.weekly_revenue',
      'stg_customers',
      'stg_orders',
    ]);
    const daily = (await catalog.get('marts.fct_daily_revenue'))!;
    expect(daily.upstream).toEqual(['stg_customers', 'stg_orders']);
    expect(daily.downstream).toEqual(['reporting.weekly_revenue']);
    expect((await catalog.get('stg_orders'))!.upstream).toEqual(['raw_shop.orders']);
    expect((await catalog.get('raw_shop.orders'))!.downstream).toEqual(['stg_orders']);
    const weekly = (await catalog.get('reporting.weekly_revenue'))!;
    expect(weekly.upstream).toEqual(['marts.fct_daily_revenue']);
    const broken = (await catalog.get('reporting.broken'))!;
    expect(broken.warnings.map((w) => w.file)).toContain('jobs/broken.sql');

    const hits = await catalog.search('daily revenue per country', { limit: 3 });
    expect(hits[0].table).toBe('marts.fct_daily_revenue');
    catalog.close();

    const second = await runEnrichment({ repo, dbUri: db, temporal, quiet: true });
    expect(second.enriched).toBe(0);
    expect(second.skipped).toBe(7);
  });
});
