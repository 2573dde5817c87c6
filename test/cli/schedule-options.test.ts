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
  it('full, model mode, usage and annotations', async () => {
    const repo = await makeGitRepo(shopCommits);
    const dir = mkdtempSync(join(tmpdir(), 'grainline-sched-'));
    const db = join(dir, 'db');
    const usage = join(dir, 'queries.jsonl');
    writeFileSync(usage, '');
    const annotations = join(dir, 'annotations');
    mkdirSync(annotations);
    const created = await grainline(['schedule', 'create', '--repo', repo, '--db', db, '--full', '--model-mode', 'batch', '--usage', usage, '--annotations', annotations, '--no-model', '--json']);
    expect(created.code, created.err).toBe(0);
    const described = await grainline(['schedule', 'describe', '--db', db, '--json']);
    expect(described.code, described.err).toBe(0);
    expect(JSON.parse(described.out.trim().split('\n').at(-1)!)).toMatchObject({ repo, db, full: true, modelMode: 'batch', usage: [usage], annotations, model: null });
  }, 180_000);
});
