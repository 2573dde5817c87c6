import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTemporal } from '../../cli/temporal-runtime.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { spawnGrainline, stop, tempDir } from '../helpers/temporal-run.js';

/**
 * Issue 17, start fast: the dev server's boot is most of a small run's wait, so a
 * command on a db whose server `grainline up` already serves joins that server (the
 * address is published in <db>/_grainline/temporal.address) instead of booting a second
 * one on the same state file.
 */
describe('a command joins the server grainline up serves for its db', () => {
  let up: ReturnType<typeof spawnGrainline> | undefined;
  afterAll(async () => {
    if (up) await stop(up.proc);
  });

  it('enrich runs on up\'s server, and no second server starts', { timeout: 240_000 }, async () => {
    const repo = await makeGitRepo(shopCommits);
    const db = join(tempDir('reuse'), 'db');
    const state = join(db, '_grainline');
    const env = { TEMPORAL_ADDRESS: '', GRAINLINE_SCHEDULE_ID: `reuse-${randomUUID().slice(0, 8)}` };
    up = spawnGrainline(['up', '--repo', repo, '--db', db], env, /serving/);
    await up.ready;
    const published = readFileSync(join(state, 'temporal.address'), 'utf8');
    const serverGroup = readFileSync(join(state, 'temporal.db.server-pid'), 'utf8');
    const [address] = published.trim().split(/\s+/);

    const enrich = spawnGrainline(['enrich', '--repo', repo, '--db', db, '--json'], env, /$^/);
    const code = await new Promise<number | null>((r) => enrich.proc.once('exit', r));
    expect(code, enrich.output()).toBe(0);
    const summary = JSON.parse(enrich.output().split('\n').find((l) => l.startsWith('{'))!);
    expect(summary.tables).toBe(7);

    // a second server would have rewritten both files; the command's run is in up's server's history
    expect(readFileSync(join(state, 'temporal.address'), 'utf8')).toBe(published);
    expect(readFileSync(join(state, 'temporal.db.server-pid'), 'utf8')).toBe(serverGroup);
    const temporal = await openTemporal({ env: { TEMPORAL_ADDRESS: address } });
    try {
      const run = await temporal.client.workflow.getHandle(`grainline-enrich-${summary.runId}`).describe();
      expect(run.status.name).toBe('COMPLETED');
    } finally {
      await temporal.close();
    }
  });
});
