import { hostname } from 'node:os';
import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock not refreshed for this long belongs to a writer that died. */
const STALE_MS = 2 * 60_000;
const REFRESH_MS = 20_000;
const POLL_MS = 1_000;

/**
 * One writer per LanceDB table across runs: the nightly run and a backfill are
 * separate workflows that may both reach their write step. The lock is a file
 * beside the run folders; a holder refreshes it while it writes, so a crashed one
 * is taken over once its lock goes stale, and a retry of the same run (same
 * `owner`) takes its own lock back at once.
 */
export async function withWriteLock<T>(path: string, owner: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  while (!(await tryAcquire(path, owner))) await sleep(POLL_MS);
  const refresh = setInterval(() => void utimes(path, new Date(), new Date()).catch(() => undefined), REFRESH_MS);
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    if ((await holder(path)) === owner) await rm(path, { force: true });
  }
}

async function tryAcquire(path: string, owner: string): Promise<boolean> {
  try {
    const fh = await open(path, 'wx');
    await fh.writeFile(JSON.stringify({ owner, pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    await fh.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0);
  if ((await holder(path)) === owner || age > STALE_MS) await rm(path, { force: true });
  return false;
}

async function holder(path: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(path, 'utf8')) as { owner?: string }).owner;
  } catch {
    return undefined;
  }
}
