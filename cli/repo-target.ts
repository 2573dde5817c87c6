import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleGit } from 'simple-git';
import { UserError } from '../infra/errors.js';
import { resolveCommit } from '../infra/git/repo-files.js';
import { isRepoUrl } from '../infra/git/repo-mirror.js';

/**
 * The repo and annotations folder as a run's input names them: a URL stays a URL
 * (each worker fetches it into its own mirror) and its annotations are the repo's own
 * `annotations/` at the run's commit, read by the workers; a path is made absolute.
 */
export function repoTarget(repo: string, annotationsDir: string | undefined): { repo: string; annotationsDir: string } {
  if (annotationsDir) return { repo: isRepoUrl(repo) ? repo : resolve(repo), annotationsDir: resolve(annotationsDir) };
  if (isRepoUrl(repo)) return { repo, annotationsDir: 'annotations' };
  const path = resolve(repo);
  return { repo: path, annotationsDir: join(path, 'annotations') };
}

/** A bad repo or ref fails here, before any server starts or any schedule is written. */
export async function checkRepoRef(repo: string, ref: string): Promise<void> {
  if (!isRepoUrl(repo)) {
    if (!existsSync(repo)) throw new UserError(`repository path does not exist: ${repo}`);
    await resolveCommit(repo, ref);
    return;
  }
  // HEAD or a commit id: checked by the worker that fetches it (a server lists refs, not commits)
  const listed = await simpleGit()
    .listRemote([repo, ...(ref === 'HEAD' || /^[0-9a-f]{40}$/i.test(ref) ? ['HEAD'] : [ref])])
    .catch((err: Error) => {
      throw new UserError(`cannot reach ${repo}: ${err.message}`);
    });
  if (!listed.trim() && ref !== 'HEAD' && !/^[0-9a-f]{40}$/i.test(ref)) throw new UserError(`ref '${ref}' does not exist in ${repo}`);
}
