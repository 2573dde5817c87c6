import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runDirect } from '../../cli/run-direct.js';
import { enrichThreadsStarted } from '../../activities/enrich-pool.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

/**
 * Issue 17, start-up: each enrich thread loads the merge code (most of a second of
 * CPU), so threads start only for shards with work. The shop repo is one shard; the
 * pool may hold four threads here.
 */
describe('enrich threads start for the work there is', () => {
  afterAll(() => void vi.unstubAllEnvs());

  it('one thread for a one-shard new db, none for an unchanged re-run, one again for --full', async () => {
    vi.stubEnv('GRAINLINE_ANALYZE_THREADS', '4');
    const repo = await makeGitRepo(shopCommits);
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-lazy-threads-')), 'db');
    const run = (full: boolean) =>
      runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir: join(db, '_grainline'), full, usagePaths: [], annotationsDir: join(repo, 'annotations'), maxFileBytes: 1 << 20 });

    const s0 = enrichThreadsStarted();
    const first = await run(false);
    expect(first.enriched).toBe(7);
    expect(enrichThreadsStarted() - s0).toBe(1);

    await sleep(5_500); // the idle pool has closed its thread: a re-run that started one would show
    const s1 = enrichThreadsStarted();
    const unchanged = await run(false);
    expect(unchanged).toMatchObject({ enriched: 0, skipped: 7 });
    expect(enrichThreadsStarted() - s1).toBe(0);

    // everything re-enriched: the one shard's thread is started on demand (or the idle one reused)
    const full = await run(true);
    expect(full.enriched).toBe(7);
    expect(enrichThreadsStarted() - s1).toBeLessThanOrEqual(1);
  }, 120_000);
});
