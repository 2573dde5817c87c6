import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDirect } from '../../cli/run-direct.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from '../diff/run-cli.js';

/** Issue 17: `show customers`, when two tables match, said "no table named" and nothing else. */
describe('show, for a name no one table answers', () => {
  it('exits 2 and lists the tables it could mean (a name two tables share, a typo)', async () => {
    const repo = await makeGitRepo(shopCommits);
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-show-')), 'db');
    await runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir: join(db, '_grainline'), full: true, usagePaths: [], annotationsDir: join(repo, 'annotations'), maxFileBytes: 1 << 20 });
    const shared = await grainline(['show', 'revenue', '--db', db]); // marts.fct_daily_revenue and reporting.weekly_revenue
    expect(shared.code).toBe(2);
    expect(shared.err).toMatch(/no table named 'revenue' in the catalog; did you mean .*marts\.fct_daily_revenue/);
    expect(shared.err).toMatch(/reporting\.weekly_revenue/);
    const typo = await grainline(['show', 'orderz', '--db', db]);
    expect(typo.err).toMatch(/did you mean raw_shop\.orders/);
  }, 60_000);
});
