import { readdir, readFile } from 'node:fs/promises';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GIT_LOG_ARGS, type GitHistory, parseGitLog } from '../../enrichers/owners/git-log.js';
import { CacheDir } from '../cache/cache-dir.js';

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
  const dir = new CacheDir(cacheDir);
  const last = await lastLog(dir);
  let text: string;
  if (last?.commit === commit) text = last.text;
  else if (last && (await isAncestor(git, last.commit, commit))) text = (await gitLog(git, `${last.commit}..${commit}`)) + last.text;
  else text = await gitLog(git, commit);
  if (last?.commit !== commit) await keepLog(dir, commit, text);
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

async function lastLog(dir: CacheDir): Promise<{ commit: string; text: string } | undefined> {
  try {
    const name = (await readdir(dir.dir)).find((f) => f.startsWith(PREFIX) && f.endsWith('.txt'));
    return name ? { commit: name.slice(PREFIX.length, -4), text: await readFile(dir.path(name), 'utf8') } : undefined;
  } catch {
    return undefined;
  }
}

async function keepLog(dir: CacheDir, commit: string, text: string): Promise<void> {
  await dir.ensure();
  const name = `${PREFIX}${commit}.txt`;
  await dir.replace(name, text);
  await dir.dropOthers(PREFIX, name);
}
