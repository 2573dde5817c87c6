import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { UserError } from '../errors.js';

/**
 * A repository named by URL (`https://`, `ssh://`, `git://`, `file://`, or scp-like
 * `git@host:org/repo`) rather than by a folder on this host. A worker of a cluster
 * reads such a repo from its own mirror; a path is single-host use.
 */
export function isRepoUrl(repo: string): boolean {
  return /^(https?|ssh|git|file):\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:(?!\/\/)/.test(repo);
}

/** One fetch per mirror at a time in this process: two activities of one run share it. */
const inFlight = new Map<string, Promise<string>>();

/**
 * The repo as a local git dir this worker can read: a path as it is, a URL as a bare
 * mirror under `<workerDir>/repos/`, cloned on first use and fetched when `ref` is not
 * there yet (a pinned commit the mirror already holds needs no network).
 */
export async function localRepo(repo: string, ref: string, workerDir: string): Promise<string> {
  if (!isRepoUrl(repo)) return repo;
  const dir = join(workerDir, 'repos', `${createHash('sha256').update(repo).digest('hex').slice(0, 16)}.git`);
  const prior = inFlight.get(dir) ?? Promise.resolve(dir);
  const next = prior.catch(() => dir).then(() => ensureRef(repo, ref, dir));
  inFlight.set(dir, next);
  return next;
}

async function ensureRef(url: string, ref: string, dir: string): Promise<string> {
  if (!existsSync(dir)) await cloneMirror(url, dir);
  const git = simpleGit(dir);
  const has = await git.raw(['cat-file', '-e', `${ref}^{commit}`]).then(() => true, () => false);
  // a full commit id is immutable; a branch or tag may have moved since the last fetch
  if (has && /^[0-9a-f]{40}$/i.test(ref)) return dir;
  try {
    await git.fetch(['--prune', 'origin']);
  } catch (err) {
    throw new UserError(`cannot fetch ${url} into ${dir}: ${(err as Error).message}`);
  }
  return dir;
}

/** Cloned beside its final name and renamed into place, so a killed clone leaves no half mirror. */
async function cloneMirror(url: string, dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${randomUUID().slice(0, 8)}`;
  await mkdir(join(dir, '..'), { recursive: true });
  try {
    await simpleGit().clone(url, tmp, ['--mirror']);
    await rename(tmp, dir).catch(async (err) => {
      if (!existsSync(dir)) throw err; // another process won the race: its mirror is as good
    });
  } catch (err) {
    throw new UserError(`cannot clone ${url}: ${(err as Error).message}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
