import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDirect } from '../../cli/run-direct.js';
import { maxFileBytes, stateDirFor } from '../../cli/options.js';
import { runPaths, statePaths } from '../../infra/run-folder/run-paths.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

/**
 * Issue 22: a partial run's id list is stored once in the run folder (every worker
 * reaches it there) instead of being copied into each shard's workflow input.
 */
describe("a partial run's selection", () => {
  let repo: string;
  let db: string;
  const run = (extra: object) =>
    runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir: stateDirFor(db), full: false, usagePaths: [], annotationsDir: 'annotations', maxFileBytes: maxFileBytes(), ...extra });

  beforeAll(async () => {
    repo = await makeGitRepo(shopCommits);
    db = join(mkdtempSync(join(tmpdir(), 'grainline-selection-')), 'db');
    await run({ runId: 'full' });
  });

  it('forces the named table and what reads it, and skips the rest', async () => {
    const all = (await run({ runId: 'unchanged' })).tables;
    const s = await run({ runId: 'backfill', tables: ['stg_orders'], force: ['stg_orders'], withDownstream: true });
    const selection = JSON.parse(readFileSync(runPaths(statePaths(stateDirFor(db)).run('backfill')).selection, 'utf8'));
    expect(selection.only).toContain('marts.fct_daily_revenue');
    expect(selection.force).toEqual(selection.only);
    // unchanged since the full run: only forcing (read from the file) re-enriches them
    expect(s.enriched).toBe(selection.only.length);
    expect(s.enriched + s.skipped).toBe(all);
  });

  it('a whole run writes no selection and enriches by fingerprint alone', async () => {
    const s = await run({ runId: 'nightly' });
    expect(existsSync(runPaths(statePaths(stateDirFor(db)).run('nightly')).selection)).toBe(false);
    expect(s.enriched).toBe(0);
  });
});
