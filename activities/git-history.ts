import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GIT_LOG_ARGS, type GitHistory, parseGitLog } from '../enrichers/owners/git-log.js';
import { dropOthers } from './analysis-cache.js';

/**
 * The whole repo's history up to `commit`, in one `git log` process: spawning one
 * per file would dominate the run at 100k tables. With a cache folder, the log of
 * the last run's commit is kept, and a commit that descends from it has git list
 * only the commits since (the full log of a large monorepo costs seconds of CPU
 * every night while the analysis threads need them).
 */
export async function readGitHistory(repoPath: string, commit: string, cacheDir?: string): Promise<GitHistory> {
  const git = simpleGit(repoPath);
  if (!cacheDir) return parseGitLog(await gitLog(git, commit));
  const last = await lastLog(cacheDir);
  let text: string;
  if (last?.commit === commit) text = last.text;
  else if (last && (await isAncestor(git, last.commit, commit))) text = (await gitLog(git, `${last.commit}..${commit}`)) + last.text;
  else text = await gitLog(git, commit);
  if (last?.commit !== commit) await keepLog(cacheDir, commit, text);
  return parseGitLog(text);
}

const gitLog = (git: SimpleGit, range: string) => git.raw([...GIT_LOG_ARGS, range, '--']);

async function isAncestor(git: SimpleGit, ancestor: string, commit: string): Promise<boolean> {
  try {
    // (--is-ancestor answers by exit code alone, which simple-git does not report)
    return (await git.raw(['merge-base', ancestor, commit])).trim() === ancestor;
  } catch {
    return false; // not an ancestor (history rewritten), or gone from the repo
  }
}

const PREFIX = 'git-log-';

async function lastLog(dir: string): Promise<{ commit: string; text: string } | undefined> {
  try {
    const name = (await readdir(dir)).find((f) => f.startsWith(PREFIX) && f.endsWith('.txt'));
    return name ? { commit: name.slice(PREFIX.length, -4), text: await readFile(join(dir, name), 'utf8') } : undefined;
  } catch {
    return undefined;
  }
}

async function keepLog(dir: string, commit: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const name = `${PREFIX}${commit}.txt`;
  const tmp = join(dir, `${name}.${process.pid}.tmp`);
  await writeFile(tmp, text);
  await rename(tmp, join(dir, name));
  await dropOthers(dir, PREFIX, name);
}
