import { simpleGit } from 'simple-git';
import { GIT_LOG_ARGS, type GitHistory, parseGitLog } from '../enrichers/owners/git-log.js';

/**
 * The whole repo's history up to `commit`, in one `git log` process: spawning one
 * per file would dominate the run at 100k tables.
 */
export async function readGitHistory(repoPath: string, commit: string): Promise<GitHistory> {
  const text = await simpleGit(repoPath).raw([...GIT_LOG_ARGS, commit, '--']);
  return parseGitLog(text);
}
