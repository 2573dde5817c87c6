import { simpleGit } from 'simple-git';

export interface UncommittedFile {
  path: string;
  state: 'new' | 'ignored' | 'changed' | 'deleted';
}

/**
 * Files under `dir` whose checkout differs from `commit`, when the checkout is at that
 * commit: what a run pinned to the commit will not see. Nothing for a bare repository,
 * or a checkout at another commit (its edits have no bearing on the run). Ignored files
 * count: git keeps them out of every commit, so the run never sees them either.
 */
export async function uncommittedFiles(repo: string, commit: string, dir: string): Promise<UncommittedFile[]> {
  const git = simpleGit(repo);
  try {
    if ((await git.raw(['rev-parse', '--is-bare-repository'])).trim() === 'true') return [];
    if ((await git.revparse(['HEAD'])).trim() !== commit) return [];
    // --no-optional-locks: a status must not take the index lock from the user's own git
    const out = await git.raw(['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching', '--', `${dir}/`]);
    const fields = out.split('\0');
    const files: UncommittedFile[] = [];
    for (let i = 0; i < fields.length; i++) {
      const [xy, path] = [fields[i].slice(0, 2), fields[i].slice(3)];
      if (!path) continue;
      if (/[RC]/.test(xy)) i++; // a rename or copy: the next field is its old name
      files.push({ path, state: xy === '??' ? 'new' : xy === '!!' ? 'ignored' : xy.includes('D') ? 'deleted' : 'changed' });
    }
    return files;
  } catch {
    return []; // not a checkout git can read: nothing to compare the commit with
  }
}
