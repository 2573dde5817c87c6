import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { simpleGit } from 'simple-git';
import { UserError } from '../infra/errors.js';
import { resolveCommit } from '../infra/git/repo-files.js';
import { isRepoUrl } from '../infra/git/repo-mirror.js';

/**
 * The repo and annotations folder as a run's input names them. A URL stays a URL (each
 * worker fetches it into its own mirror); a path is made absolute. The annotations are
 * read as committed at the run's commit, like everything else the run describes, so a
 * folder in the repo travels as a repo-relative path (the repo's own `annotations/`
 * unless told): uncommitted edits there do not count, and the run says so. Only a folder
 * outside the repo (it is in no commit) is named by an absolute path and read from disk.
 */
export function repoTarget(repo: string, annotationsDir: string | undefined): { repo: string; annotationsDir: string } {
  if (isRepoUrl(repo)) return { repo, annotationsDir: annotationsDir ? resolve(annotationsDir) : 'annotations' };
  const path = resolve(repo);
  return { repo: path, annotationsDir: annotationsDir ? inRepoOrAbsolute(path, resolve(annotationsDir)) : 'annotations' };
}

/** `dir` relative to the repo (posix, as git names it) when it lies inside it, through links; else absolute. */
function inRepoOrAbsolute(repo: string, dir: string): string {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const inside = relative(real(repo), real(dir));
  if (!inside || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return dir;
  return inside.split(sep).join('/');
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
