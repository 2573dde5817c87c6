import path from 'node:path/posix';

export interface SqlFileLookup {
  readFile(repoPath: string): string | undefined;
  listFiles?: string[];
}

/**
 * Where Airflow would find a templated `.sql` path, mapped into the repo: each
 * template_searchpath entry, the DAG file's folder, the dags folder; deployment paths
 * like `/opt/airflow/dags/sql` map onto the repo's own `dags/` folder. When none of
 * those exist, a unique repo file with that path suffix (closest to the DAG) is taken.
 */
export function resolveSqlFile(
  sqlPath: string,
  dagFile: string,
  searchpath: string[],
  repo: SqlFileLookup,
): { path: string; content: string } | undefined {
  const dagDir = path.dirname(dagFile);
  const dagsFolder = dagsFolderOf(dagFile);
  const bases = [...searchpath.flatMap((sp) => repoPaths(sp, dagsFolder)), dagDir, ...(dagsFolder !== undefined ? [dagsFolder] : []), ''];
  const candidates = path.isAbsolute(sqlPath) ? repoPaths(sqlPath, dagsFolder) : bases.map((b) => clean(path.join(b, sqlPath)));
  for (const candidate of candidates) {
    const content = repo.readFile(candidate);
    if (content !== undefined) return { path: candidate, content };
  }
  const suffix = '/' + clean(sqlPath.replace(/^\/+/, ''));
  const matches = (repo.listFiles ?? []).filter((f) => ('/' + f).endsWith(suffix));
  matches.sort((a, b) => sharedPrefix(b, dagFile) - sharedPrefix(a, dagFile));
  for (const match of matches) {
    const content = repo.readFile(match);
    if (content !== undefined) return { path: match, content };
  }
  return undefined;
}

/** The `dags` folder a DAG file lives under, repo-relative ('' when the repo root is it). */
function dagsFolderOf(file: string): string | undefined {
  const parts = file.split('/');
  const i = parts.lastIndexOf('dags');
  return i >= 0 && i < parts.length - 1 ? parts.slice(0, i + 1).join('/') : undefined;
}

function repoPaths(p: string, dagsFolder: string | undefined): string[] {
  if (!path.isAbsolute(p)) return [clean(p)];
  const parts = p.split('/');
  const i = parts.lastIndexOf('dags');
  const underDags = i >= 0 && dagsFolder !== undefined ? [clean(path.join(dagsFolder, ...parts.slice(i + 1)))] : [];
  return [...underDags, clean(p.replace(/^\/+/, ''))];
}

const clean = (p: string): string => path.normalize(p).replace(/^\.\/+/, '').replace(/\/$/, '');

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
