import { beforeAll, describe, expect, it } from 'vitest';
import { grainline } from '../helpers/run-cli.js';
import { warehouse } from './warehouse.js';

/** The agent view through the command line: the same answers the MCP tools give (agent-tools.test.ts). */
describe('grainline describe, join-path and search --exclude-deprecated', () => {
  let db: string;
  beforeAll(async () => {
    db = await warehouse();
  }, 240_000);

  it('describe is compact by default and whole with --detail full', async () => {
    const compact = await grainline('describe', 'stg_orders', '--db', db);
    expect(compact.code, compact.stderr).toBe(0);
    const t = JSON.parse(compact.stdout);
    expect(t.grain.columns).toEqual(['order_id']);
    expect(t).not.toHaveProperty('fingerprint');
    expect(t.joinKeys.find((k: { table: string }) => k.table === 'stg_customers').otherColumns).toContain('country_code');
    const full = JSON.parse((await grainline('describe', 'stg_orders', '--db', db, '--detail', 'full')).stdout);
    expect(full).toHaveProperty('fingerprint');
    expect(full).toHaveProperty('provenance');
  }, 120_000);

  it('join-path gives the keys along the chain; a misspelt table is an input error naming the close match', async () => {
    const p = JSON.parse((await grainline('join-path', 'stg_orders', 'stg_countries', '--db', db)).stdout);
    expect(p.steps.map((s: { from: string; to: string }) => [s.from, s.to])).toEqual([
      ['stg_orders', 'stg_customers'],
      ['stg_customers', 'stg_countries'],
    ]);
    const typo = await grainline('describe', 'stg_ordres', '--db', db);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean stg_orders/);
  }, 120_000);

  it('search --exclude-deprecated leaves the deprecated copy out', async () => {
    const names = async (...extra: string[]) => (JSON.parse((await grainline('search', 'orders', '--db', db, '--limit', '10', '--json', ...extra)).stdout) as { table: string }[]).map((h) => h.table);
    expect(await names()).toContain('legacy_orders');
    const without = await names('--exclude-deprecated');
    expect(without).not.toContain('legacy_orders');
    expect(without).toContain('stg_orders');
  }, 120_000);
});
