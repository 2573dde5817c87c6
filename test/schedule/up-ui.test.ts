import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { spawnGrainline, stop, tempDir } from '../helpers/temporal-run.js';

describe('grainline up --ui, with the nightly options', () => {
  let up: ReturnType<typeof spawnGrainline> | undefined;
  afterAll(async () => {
    if (up) await stop(up.proc);
  });

  it("serves Temporal's web UI on the embedded server and prints where", { timeout: 120_000 }, async () => {
    const repo = await makeGitRepo(shopCommits);
    const dir = tempDir('up-ui');
    const db = join(dir, 'db');
    const usage = join(dir, 'queries.jsonl');
    writeFileSync(usage, '');
    const env = { GRAINLINE_SCHEDULE_ID: `ui-${randomUUID().slice(0, 8)}`, OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' };
    // up takes what enrich takes, for every night (issue 17: it took no model); nothing runs here
    up = spawnGrainline(['up', '--repo', repo, '--db', db, '--ui', '--full', '--usage', usage, '--model', 'nightly-model', '--model-mode', 'batch'], env, /serving/);
    await up.ready;
    const at = /Temporal UI at (http:\/\/127\.0\.0\.1:\d+)/.exec(up.output());
    expect(at, up.output()).not.toBeNull();
    const res = await fetch(at![1]);
    expect(res.status).toBe(200);

    // what the live schedule's runs carry, read back by a command that joins up's server
    const describe = spawnGrainline(['schedule', 'describe', '--db', db, '--json'], env, /$^/);
    await new Promise((resolve) => describe.proc.once('exit', resolve));
    expect(JSON.parse(describe.output().split('\n').filter((l) => l.startsWith('{')).at(-1)!)).toMatchObject({ repo, db, full: true, usage: [usage], model: 'nightly-model', modelMode: 'batch' });
  });
});
