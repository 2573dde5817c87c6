import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from '../diff/run-cli.js';

/**
 * Issue 17, start fast: webpack bundling the workflow code took seconds of every
 * command. From the sources (as here: no build beside them) the first run on a db
 * bundles once into <db>/_grainline/workflow-bundle/, keyed by the code's contents; the
 * next run reads that file and bundles nothing.
 */
describe('the workflow bundle is made once per code version', () => {
  it('a second enrich on the db reuses the first one\'s bundle', { timeout: 240_000 }, async () => {
    const repo = await makeGitRepo(shopCommits);
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-bundle-')), 'db');
    const cacheDir = join(db, '_grainline', 'workflow-bundle');
    const bundles = () => readdirSync(cacheDir).filter((f) => f.startsWith('bundle-')).map((f) => [f, statSync(join(cacheDir, f)).mtimeMs] as const);

    const first = await grainline(['enrich', '--repo', repo, '--db', db, '--json']);
    expect(first.code, first.err).toBe(0);
    const made = bundles();
    expect(made).toHaveLength(1);

    const second = await grainline(['enrich', '--repo', repo, '--db', db, '--full', '--json']);
    expect(second.code, second.err).toBe(0);
    expect(JSON.parse(second.out).enriched).toBe(7);
    expect(bundles()).toEqual(made); // same file, not rewritten
  });
});
