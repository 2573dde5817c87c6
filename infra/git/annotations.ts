import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { simpleGit } from 'simple-git';
import type { Annotation } from '../../schemas/annotation.js';
import type { Warning } from '../../schemas/facts.js';
import { parseAnnotationFile } from '../../enrichers/annotations/parse-annotation-file.js';
import { limit, overLimit } from '../../enrichers/limits.js';
import { followAt, SYMLINK_MODE, treeEntries } from './tree-at-commit.js';
import { uncommittedFiles } from './uncommitted-files.js';

/** Why an entry named *.yml was not read, said alike for a folder on disk and a commit's tree. */
const UNREAD = {
  dangling: 'a symbolic link to nothing',
  other: 'not a file',
  folder: 'not a file',
  missing: 'not in the tree',
  outside: 'a symbolic link out of the repository: a run reads annotations as committed, and no commit holds its target',
};

/**
 * Every annotation under `dir` (*.yml / *.yaml, recursively, in path order). A missing
 * directory means no annotations; an unreadable or invalid file is a warning.
 * Warnings and annotations name files relative to `dir`'s parent, as users wrote them.
 */
export async function loadAnnotations(dir: string): Promise<{ annotations: Annotation[]; warnings: Warning[] }> {
  const annotations: Annotation[] = [];
  const warnings: Warning[] = [];
  let names: string[];
  try {
    const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => /\.ya?ml$/i.test(d.name));
    names = [];
    for (const d of entries) {
      const path = join(d.parentPath, d.name);
      const file = join(relative(join(dir, '..'), dir), relative(dir, path));
      // a link is read where it points; a dangling one or a folder named *.yml is said, not skipped silently
      const kind = d.isSymbolicLink() ? await stat(path).then((s) => (s.isFile() ? 'file' : 'other'), () => 'dangling') : d.isFile() ? 'file' : 'other';
      if (kind === 'file') names.push(path);
      else warnings.push({ file, code: 'annotation-read', message: `${file}: ${UNREAD[kind as 'dangling' | 'other']}` });
    }
    names.sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { annotations, warnings };
    return { annotations, warnings: [{ file: dir, code: 'annotation-read', message: (err as Error).message }] };
  }
  for (const path of names) {
    const file = join(relative(join(dir, '..'), dir), relative(dir, path));
    await readOne(file, async () => (await stat(path)).size, () => readFile(path, 'utf8'), annotations, warnings);
  }
  return { annotations, warnings };
}

/**
 * The annotation files under `dir` (a repo path) as committed at `commit`, not as
 * checked out: a run is pinned to its commit, and the base side of a pull request must
 * see the base's annotations. Read and warned about as `loadAnnotations` reads a folder
 * on disk: a committed symbolic link is read where it points in that commit's tree; one
 * to nothing, one out of the repository (no commit holds its target) and a folder
 * named *.yml are warnings. Files are named by their path under `dir`, links and all.
 */
export async function annotationsAt(repo: string, commit: string, dir = 'annotations'): Promise<{ annotations: Annotation[]; warnings: Warning[] }> {
  const git = simpleGit(repo);
  const annotations: Annotation[] = [];
  const warnings: Warning[] = [];
  // the folder itself may be a committed link, to a shared folder elsewhere in the repo
  const root = await followAt(git, commit, dir);
  if (root.kind === 'missing') return { annotations, warnings };
  if (root.kind !== 'folder') return { annotations, warnings: [{ file: dir, code: 'annotation-read', message: `${dir}: ${root.kind === 'file' ? 'not a folder' : UNREAD[root.kind]}` }] };
  const entries = (await treeEntries(git, commit, root.entry.path, true)).filter((e) => /\.ya?ml$/i.test(e.path));
  for (const entry of entries.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const file = dir + entry.path.slice(root.entry.path.length);
    const found = entry.mode === SYMLINK_MODE ? await followAt(git, commit, entry.path) : entry.type === 'blob' ? { kind: 'file' as const, entry } : { kind: 'other' as const };
    if (found.kind === 'file') {
      await readOne(file, async () => found.entry.size, () => git.raw(['cat-file', 'blob', found.entry.sha]), annotations, warnings);
    } else warnings.push({ file, code: 'annotation-read', message: `${file}: ${UNREAD[found.kind]}` });
  }
  return { annotations, warnings };
}

/** One annotation file: over the YAML limit it is not read at all; unreadable or invalid, a warning. */
async function readOne(file: string, size: () => Promise<number>, read: () => Promise<string>, annotations: Annotation[], warnings: Warning[]): Promise<void> {
  try {
    const bytes = await size();
    if (bytes > limit('yamlBytes')) {
      warnings.push(overLimit(file, 'yamlBytes', `${bytes} bytes`));
      return;
    }
    const parsed = parseAnnotationFile(file, await read());
    annotations.push(...parsed.annotations);
    warnings.push(...parsed.warnings);
  } catch (err) {
    warnings.push({ file, code: 'annotation-read', message: `${file}: ${(err as Error).message}` });
  }
}

/**
 * Annotation files edited, added, deleted or ignored in the checkout but not committed:
 * a run reads annotations as committed at its commit, so without a word these edits
 * would seem to be lost. One warning a file, naming what the run used instead.
 */
export async function uncommittedAnnotations(repo: string, commit: string, dir = 'annotations'): Promise<Warning[]> {
  const at = commit.slice(0, 12);
  const said = { new: 'a new file', ignored: 'ignored by git', changed: 'changed', deleted: 'deleted' };
  return (await uncommittedFiles(repo, commit, dir))
    .filter((f) => /\.ya?ml$/i.test(f.path))
    .map((f) => ({
      file: f.path,
      code: 'annotation-uncommitted',
      message: `${f.path}: ${said[f.state]} in the working tree but not committed; this run reads annotations as committed at ${at}${f.state === 'deleted' ? ', which still has it' : ''}`,
    }));
}
