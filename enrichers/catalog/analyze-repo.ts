import type { FileFacts, Warning } from '../../schemas/facts.js';
import { dbtFileFacts } from '../dbt/dbt-file-facts.js';
import { folderTableFacts } from '../metadata/folder-table-facts.js';
import { airflowFileFacts } from '../python/airflow.js';
import type { PythonParser } from '../python/parser.js';
import type { Memo } from '../memo.js';
import { boundSourceFiles, takeLimitWarnings } from '../limits.js';
import { pysparkFileFacts } from '../spark/pyspark.js';
import { scalaSparkFileFacts } from '../spark/scala.js';
import { sqlFileFacts } from '../sql/file-facts.js';
import { dbtScope, standaloneAnalyzer } from './routing.js';

export interface SourceFile {
  path: string;
  content: string;
}

/**
 * Runs every analyzer over a repo snapshot. dbt projects and folder-per-table trees
 * are analysed as wholes (a model's refs need the project's model map); the files
 * they claim are not analysed again as plain SQL jobs. One analyzer failing on a
 * file is a warning for that file, never the end of the run. `context` files are
 * only read (templates a DAG loads), not analysed: their facts are someone else's.
 */
export function analyzeRepo(sources: SourceFile[], python: PythonParser, memo?: Memo, context: SourceFile[] = []): FileFacts[] {
  const out: FileFacts[] = [];
  // files over their size limit are read as empty (limits.ts), each with its warning
  const { files, warnings: oversized } = boundSourceFiles(sources);
  for (const w of oversized) out.push({ file: w.file, tables: [], joins: [], warnings: [w] });
  const guard = (file: string, fn: () => FileFacts | FileFacts[]) => {
    try {
      const r = fn();
      out.push(...(Array.isArray(r) ? r : [r]));
    } catch (err) {
      out.push({ file, tables: [], joins: [], warnings: [crashWarning(file, err)] });
    }
    // limits met where the analyzer's result had no room to say so (a Python parse cut short)
    for (const w of takeLimitWarnings()) out.push({ file: w.file, tables: [], joins: [], warnings: [w] });
  };
  const readable = [...files, ...context];
  const byPath = new Map(readable.map((f) => [f.path, f.content]));
  const inDbt = dbtScope(files);

  guard('(dbt projects)', () => dbtFileFacts(files, python, memo));
  const folder: FileFacts[] = [];
  try {
    folder.push(...folderTableFacts(files.filter((f) => !inDbt(f.path))));
  } catch (err) {
    out.push({ file: '(folder-per-table)', tables: [], joins: [], warnings: [crashWarning('(folder-per-table)', err)] });
  }
  out.push(...folder);
  const claimed = new Set(folder.map((f) => f.file));

  const ctx = { readFile: (p: string) => byPath.get(p), listFiles: readable.map((f) => f.path) };
  for (const f of files) {
    if (inDbt(f.path) || claimed.has(f.path)) continue;
    const analyzer = standaloneAnalyzer(f);
    if (analyzer === 'sql') guard(f.path, () => sqlFileFacts(f.path, f.content));
    else if (analyzer === 'airflow') guard(f.path, () => airflowFileFacts(python, f.path, f.content, ctx));
    else if (analyzer === 'pyspark') guard(f.path, () => pysparkFileFacts(python, f.path, f.content));
    else if (analyzer === 'scala-spark') guard(f.path, () => scalaSparkFileFacts(f.path, f.content));
  }
  return out;
}

function crashWarning(file: string, err: unknown): Warning {
  return { file, code: 'analyzer-error', message: `analyzer failed: ${err instanceof Error ? err.message : String(err)}` };
}
