import { posix } from 'node:path';
import type { SimpleGit } from 'simple-git';

/** One entry of a commit's tree, as `git ls-tree --long` gives it. */
export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  /** bytes of a blob; NaN for a folder or a submodule */
  size: number;
  path: string;
}

/** Git stores a symbolic link as a blob of this mode holding the link's target. */
export const SYMLINK_MODE = '120000';

/**
 * `path` itself at `commit`, or, with `below`, every file and folder under it. NUL-separated
 * (-z): a file name with a newline or a quote would otherwise come back quoted and escaped.
 */
export async function treeEntries(git: SimpleGit, commit: string, path: string, below = false): Promise<TreeEntry[]> {
  const out = await git.raw(['ls-tree', '-z', '--long', ...(below ? ['-r', '-t'] : []), commit, '--', below ? `${path}/` : path]);
  return out
    .split('\0')
    .map((line) => /^(\d+) (\w+) ([0-9a-f]+) +(\S+)\t([^]*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, mode, type, sha, size, p]) => ({ mode, type, sha, size: Number(size), path: p }))
    .filter((e) => !below || e.path !== path);
}

/** Links followed in a row before giving up, as the file system gives up on a loop. */
const MAX_HOPS = 8;

export type Followed = { kind: 'file' | 'folder'; entry: TreeEntry } | { kind: 'missing' | 'dangling' | 'outside' | 'other' };

/**
 * What `path` is at `commit`, through symbolic links as the file system would follow
 * them, but only inside the tree: a link out of the repository (absolute, or climbing
 * above the root) names something no commit holds. A loop ends as dangling, as the
 * file system's ELOOP does. `missing`: no such path at all, not even a link.
 */
export async function followAt(git: SimpleGit, commit: string, path: string, hops = 0): Promise<Followed> {
  const entry = (await treeEntries(git, commit, path)).find((e) => e.path === path);
  if (!entry) return { kind: hops === 0 ? 'missing' : 'dangling' };
  if (entry.mode === SYMLINK_MODE) {
    if (hops === MAX_HOPS) return { kind: 'dangling' };
    const target = await git.raw(['cat-file', 'blob', entry.sha]);
    if (posix.isAbsolute(target)) return { kind: 'outside' };
    const next = posix.normalize(posix.join(posix.dirname(path), target));
    if (next === '..' || next.startsWith('../')) return { kind: 'outside' };
    return followAt(git, commit, next.replace(/\/$/, ''), hops + 1);
  }
  if (entry.type === 'blob') return { kind: 'file', entry };
  return entry.type === 'tree' ? { kind: 'folder', entry } : { kind: 'other' };
}
