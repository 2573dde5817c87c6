import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from '../diff/run-cli.js';

/** Two runs on one db: the second waits or says who holds it; a killed holder's lock is taken over. */
describe('one run per db from the command line', () => {
  let repo: string;
  let db: string;
  let lock: string;
  beforeAll(async () => {
    repo = await makeGitRepo(shopCommits);
    db = join(mkdtempSync(join(tmpdir(), 'grainline-lock-')), 'db');
    mkdirSync(join(db, '_grainline'), { recursive: true });
    lock = join(db, '_grainline', 'run.lock');
  });
  const holdBy = (pid: number) => writeFileSync(lock, JSON.stringify({ owner: 'r-other', pid, host: hostname(), at: '2026-12-04T02:00:00.000Z' }));

  it('exits 2 naming the holder while it lives, and runs once it is gone', async () => {
    const sleeper = spawn('sleep', ['60']);
    try {
      holdBy(sleeper.pid!);
      const busy = await grainline(['enrich', '--repo', repo, '--db', db]);
      expect(busy.code).toBe(2);
      expect(busy.err).toContain(`is busy: run r-other, pid ${sleeper.pid} on ${hostname()}, started 2026-12-04T02:00:00.000Z`);
      // the holder finishes two seconds into a --wait
      setTimeout(() => rmSync(lock, { force: true }), 2000);
      const waited = await grainline(['enrich', '--repo', repo, '--db', db, '--wait', '30', '--json']);
      expect(waited.code, waited.err).toBe(0);
      expect(JSON.parse(waited.out).tables).toBe(7);
      expect(existsSync(lock)).toBe(false);
    } finally {
      sleeper.kill();
    }
  }, 120_000);

  it('takes over the lock of a process that was killed', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.on('exit', r));
    holdBy(gone.pid!);
    const r = await grainline(['enrich', '--repo', repo, '--db', db, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(lock)).toBe(false);
  }, 120_000);
});
