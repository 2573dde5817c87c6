import { hostname } from 'node:os';
import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock not refreshed for this long belongs to a writer that died. */
const STALE_MS = 2 * 60_000;
const REFRESH_MS = 20_000;
const POLL_MS = 1_000;

/** Who holds a lock, as written in its file. */
export interface LockHolder {
  owner: string;
  pid: number;
  host: string;
  at: string;
}

/**
 * One writer per LanceDB table across runs: the nightly run and a backfill are
 * separate workflows that may both reach their write step. The lock is a file
 * beside the run folders; a holder refreshes it while it writes, so a crashed one
 * is taken over once its lock goes stale, and a retry of the same run (same
 * `owner`) takes its own lock back at once.
 */
export async function withWriteLock<T>(path: string, owner: string, fn: () => Promise<T>): Promise<T> {
  return withLock(path, owner, Infinity, fn);
}

/**
 * Holds the lock at `path` while `fn` runs. Waits up to `waitMs` for a live holder;
 * past that, `onBusy` says who holds it (and may throw). A holder that stopped
 * refreshing, or whose process is gone from this host, is taken over.
 */
export async function withLock<T>(
  path: string,
  owner: string,
  waitMs: number,
  fn: () => Promise<T>,
  onBusy?: (holder: LockHolder | undefined) => never,
): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + waitMs;
  while (!(await tryAcquire(path, owner))) {
    if (Date.now() >= deadline && onBusy) onBusy(await holderOf(path));
    await sleep(POLL_MS);
  }
  const refresh = setInterval(() => void utimes(path, new Date(), new Date()).catch(() => undefined), REFRESH_MS);
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    if ((await holderOf(path))?.owner === owner) await rm(path, { force: true });
  }
}

async function tryAcquire(path: string, owner: string, again = true): Promise<boolean> {
  try {
    const fh = await open(path, 'wx');
    await fh.writeFile(JSON.stringify({ owner, pid: process.pid, host: hostname(), at: new Date().toISOString() } satisfies LockHolder));
    await fh.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0);
  const held = await holderOf(path);
  if (held?.owner === owner || age > STALE_MS || (held && deadOnThisHost(held))) {
    await rm(path, { force: true });
    return again && tryAcquire(path, owner, false);
  }
  return false;
}

/** A holder on this host whose process no longer exists was killed: its lock is stale now, not in two minutes. */
function deadOnThisHost(h: LockHolder): boolean {
  if (h.host !== hostname() || !Number.isInteger(h.pid) || h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function holderOf(path: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}
