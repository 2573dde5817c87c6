import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../schemas/run-record.js';
import { enrichDirect } from '../reader/shop-catalog.js';
import { prRepo } from './pr-repo.js';
import { grainline } from './run-cli.js';

describe('grainline diff --db: between two LanceDB versions', () => {
  let db: string;
  let first: RunSummary;
  let second: RunSummary;
  beforeAll(async () => {
    const pr = await prRepo();
    db = join(mkdtempSync(join(tmpdir(), 'grainline-versions-')), 'db');
    first = await enrichDirect(pr.repo, db, pr.base);
    second = await enrichDirect(pr.repo, db, pr.head);
  });

  it('from the first run\'s tag to the latest: the re-enriched tables and what changed in them', async () => {
    const { code, out } = await grainline(['diff', '--db', db, '--from', `run-${first.runId}`, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.head.ref).toBe('latest');
    expect(report.tables.map((t: { table: string }) => t.table)).toEqual(['marts.fct_daily_revenue', 'stg_orders', 'stg_products']);
    expect(report.tables[0]).toMatchObject({
      status: 'changed',
      grain: { before: 'one row per order_date and country', after: 'one row per order_date, country and category' },
      upstream: { added: ['stg_products'], removed: [] },
    });
  });

  it('a run id names its version too, and the same version on both sides reports nothing', async () => {
    const { out } = await grainline(['diff', '--db', db, '--from', first.runId, '--to', `run-${second.runId}`, '--fail-on', 'grain-changed']);
    expect(out).toContain('#### `marts.fct_daily_revenue` · dbt model · changed');
    const same = await grainline(['diff', '--db', db, '--from', second.runId, '--to', second.runId, '--fail-on', 'grain-changed']);
    expect(same.code).toBe(0);
    expect(same.out).toContain('no table descriptions change');
  });

  it('a version that does not exist is a user error', async () => {
    const missing = await grainline(['diff', '--db', db, '--from', 'run-nope']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("no version tagged 'run-nope'");
    expect((await grainline(['diff', '--db', db, '--from', '999'])).code).toBe(2);
  });
});
