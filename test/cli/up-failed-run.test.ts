import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { spawnGrainline, stop, tempDir, waitFor } from '../helpers/temporal-run.js';

/**
 * Issue 17, nightly mode: a failed night reached neither the runs table nor up's output
 * (the dev server is headless: the only trace was `temporal workflow describe`). Here
 * the branch up was started on is renamed away before a triggered night.
 */
describe('a nightly run that fails', () => {
  let up: ReturnType<typeof spawnGrainline> | undefined;
  afterAll(async () => {
    if (up) await stop(up.proc);
  });

  it('is logged by up with its reason and listed by grainline runs', { timeout: 240_000 }, async () => {
    const repo = await makeGitRepo(shopCommits);
    const db = join(tempDir('up-failed'), 'db');
    const env = { TEMPORAL_ADDRESS: '', GRAINLINE_SCHEDULE_ID: `failed-${randomUUID().slice(0, 8)}` };
    const cli = (args: string[]) => {
      const c = spawnGrainline(args, env, /$^/);
      return new Promise<{ code: number | null; out: string }>((resolve) => c.proc.once('exit', (code) => resolve({ code, out: c.output() })));
    };
    up = spawnGrainline(['up', '--repo', repo, '--branch', 'main', '--db', db], env, /serving/);
    await up.ready;
    execFileSync('git', ['-C', repo, 'branch', '-m', 'main', 'renamed']);

    expect((await cli(['schedule', 'trigger', '--db', db])).code).toBe(0);
    await waitFor(async () => (/nightly run \S+ FAILED: .*main/.test(up!.output()) ? true : undefined), 'up to log the failed night');

    const listed = await cli(['runs', '--db', db, '--json']);
    expect(listed.code, listed.out).toBe(0);
    const runs = JSON.parse(listed.out.trim().split('\n').filter((l) => l.startsWith('[')).at(-1)!);
    expect(runs[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/main/) });
  });
});
