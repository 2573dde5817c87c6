import { isDbtProjectFile } from '../dbt/project.js';

/**
 * Which analyzer reads which file, in one place: the whole-repo crawl (`analyze-repo.ts`)
 * and the parallel analysis that cuts the repo into units (`activities/analysis-units.ts`)
 * both route by it, so a unit always holds what its analyzer will read. Two copies of
 * these patterns had drifted (a looser Airflow test in one than in the other).
 */
export interface RoutedFile {
  path: string;
  content: string;
}

/** The analyzers a file no dbt project or table folder claims can go to. */
export type StandaloneAnalyzer = 'sql' | 'airflow' | 'pyspark' | 'scala-spark';

const AIRFLOW = /\bfrom\s+airflow\b|\bimport\s+airflow\b|\bDAG\s*\(|@dag\b/;
const SPARK = /\bpyspark\b|\bspark\.(sql|table|read)\b|\.saveAsTable\s*\(|\.insertInto\s*\(/;

/** The analyzer of a file outside dbt projects and table folders; undefined: no analyzer reads it. */
export function standaloneAnalyzer(f: RoutedFile): StandaloneAnalyzer | undefined {
  if (f.path.endsWith('.sql')) return 'sql';
  if (f.path.endsWith('.py')) {
    if (AIRFLOW.test(f.content)) return 'airflow';
    return SPARK.test(f.content) ? 'pyspark' : undefined;
  }
  if (f.path.endsWith('.scala') && SPARK.test(f.content)) return 'scala-spark';
  return undefined;
}

/**
 * Whether a path lies in one of the repo's dbt projects (a folder holding a
 * `dbt_project.yml`, the repo root included): those files go to the dbt analyzer as one.
 */
export function dbtScope(files: readonly { path: string }[]): (path: string) => boolean {
  const roots = files.filter(isDbtProjectFile).map((f) => folderOf(f.path));
  return (p) => roots.some((root) => root === '' || p.startsWith(root + '/'));
}

/** A repo path's folder, '' at the root (where `posix.dirname` says '.'). */
function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
