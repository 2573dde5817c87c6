import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { spawnGrainline, stop, tempDir } from '../helpers/temporal-run.js';

describe('grainline up --ui', () => {
  let up: ReturnType<typeof spawnGrainline> | undefined;
  afterAll(async () => {
    if (up) await stop(up.proc);
  });

  it("serves Temporal's web UI on the embedded server and prints where", { timeout: 120_000 }, async () => {
    const repo = await makeGitRepo(shopCommits);
    const db = join(tempDir('up-ui'), 'db');
    up = spawnGrainline(['up', '--repo', repo, '--db', db, '--ui'], { GRAINLINE_SCHEDULE_ID: `ui-${randomUUID().slice(0, 8)}` }, /serving/);
    await up.ready;
    const at = /Temporal UI at (http:\/\/127\.0\.0\.1:\d+)/.exec(up.output());
    expect(at, up.output()).not.toBeNull();
    const res = await fetch(at![1]);
    expect(res.status).toBe(200);
  });
});
