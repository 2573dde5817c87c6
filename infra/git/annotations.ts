import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { simpleGit } from 'simple-git';
import type { Annotation } from '../../schemas/annotation.js';
import type { Warning } from '../../schemas/facts.js';
import { parseAnnotationFile } from '../../enrichers/annotations/parse-annotation-file.js';
import { limit, overLimit } from '../../enrichers/limits.js';

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
      else warnings.push({ file, code: 'annotation-read', message: kind === 'dangling' ? `${file}: a symbolic link to nothing` : `${file}: not a file` });
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
 * checked out: the base side of a pull request must see the base's annotations.
 * Read and warned about as `loadAnnotations` reads a folder on disk.
 */
export async function annotationsAt(repo: string, commit: string, dir = 'annotations'): Promise<{ annotations: Annotation[]; warnings: Warning[] }> {
  const git = simpleGit(repo);
  const annotations: Annotation[] = [];
  const warnings: Warning[] = [];
  const listing = await git.raw(['ls-tree', '-r', '--long', commit, '--', `${dir}/`]);
  // `<mode> blob <sha> <size>\t<path>`, one a line
  const blobs = listing.split('\n').map((l) => /^\S+ blob \S+\s+(\d+)\t(.+)$/.exec(l)).filter((m) => m && /\.ya?ml$/i.test(m[2]));
  for (const [, size, path] of blobs.map((m) => m!).sort((a, b) => (a[2] < b[2] ? -1 : 1))) {
    await readOne(path, async () => Number(size), () => git.show([`${commit}:${path}`]), annotations, warnings);
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
