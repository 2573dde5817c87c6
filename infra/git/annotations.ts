import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
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
    try {
      // a file far over the YAML limit is not read into memory at all
      const size = (await stat(path)).size;
      if (size > limit('yamlBytes')) {
        warnings.push(overLimit(file, 'yamlBytes', `${size} bytes`));
        continue;
      }
      const parsed = parseAnnotationFile(file, await readFile(path, 'utf8'));
      annotations.push(...parsed.annotations);
      warnings.push(...parsed.warnings);
    } catch (err) {
      warnings.push({ file, code: 'annotation-read', message: `${file}: ${(err as Error).message}` });
    }
  }
  return { annotations, warnings };
}
