import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from '../diff/run-cli.js';

/**
 * Issue 17: the nightly run is the whole product, so `schedule create` (and `up`) take
 * what `enrich` takes, and `schedule describe` reads back what the live schedule will
 * run with, from the server (each command here starts the db's embedded server anew).
 */
describe('schedule create carries the run options, and describe reads them from the server', () => {
  it('full, the model and its mode, usage and annotations', async () => {
    const repo = await makeGitRepo(shopCommits);
    const dir = mkdtempSync(join(tmpdir(), 'grainline-sched-'));
    const db = join(dir, 'db');
    const usage = join(dir, 'queries.jsonl');
    writeFileSync(usage, '');
    const annotations = join(dir, 'annotations');
    mkdirSync(annotations);
    // --model is taken only with an endpoint (no server answers there: nothing runs here)
    const before = process.env.OPENAI_BASE_URL;
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:1/v1';
    try {
      const created = await grainline(['schedule', 'create', '--repo', repo, '--db', db, '--full', '--model-mode', 'batch', '--usage', usage, '--annotations', annotations, '--model', 'nightly-model', '--json']);
      expect(created.code, created.err).toBe(0);
    } finally {
      if (before === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = before;
    }
    const described = await grainline(['schedule', 'describe', '--db', db, '--json']);
    expect(described.code, described.err).toBe(0);
    expect(JSON.parse(described.out.trim().split('\n').at(-1)!)).toMatchObject({ repo, db, full: true, modelMode: 'batch', usage: [usage], annotations, model: 'nightly-model' });
  }, 180_000);
});
