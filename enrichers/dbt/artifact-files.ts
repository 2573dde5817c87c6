import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { isDbtProjectFile, readProject } from './project.js';
import type { DbtTarget } from './target-naming.js';

/**
 * Where dbt's artifacts given on the command line (`--dbt-manifest`, `--dbt-catalog`,
 * `--dbt-target-database/-schema`) sit in the snapshot: under the project's `target/`, as
 * `dbt parse` / `dbt docs generate` would have written them. Placed as files, they are
 * part of the dbt analysis unit's fingerprint, so a changed artifact re-analyses the
 * project and an unchanged one keeps the cache.
 */
export const ARTIFACT = {
  manifest: 'target/manifest.json',
  catalog: 'target/catalog.json',
  /** the target flags, as JSON `{database, schema}`: no dbt file holds them */
  target: 'target/grainline-target.json',
} as const;

export interface GivenArtifacts {
  manifest?: string;
  catalog?: string;
  target?: DbtTarget;
}

interface SnapshotFile {
  path: string;
  content: string;
  sha: string;
}

/**
 * The snapshot with the given artifacts in place (replacing committed ones). The
 * manifest and catalog go to the project they were built from: the one their
 * `metadata.project_name` names, else the outermost project. The target goes to every
 * project that is not an installed package: each builds into it. Without a dbt project the
 * snapshot itself comes back (the caller warns).
 */
export function placeArtifacts<F extends SnapshotFile>(files: F[], given: GivenArtifacts, make: (path: string, content: string, sha: string) => F): F[] {
  const projects = files
    .filter((f) => isDbtProjectFile(f) && !/(^|\/)(dbt_packages|dbt_modules)\//.test(f.path))
    .map((f) => ({ root: posix.dirname(f.path) === '.' ? '' : posix.dirname(f.path), name: readProject(f.path, f.content).project?.name }))
    .sort((a, b) => a.root.length - b.root.length);
  if (!projects.length) return files;
  const at = (root: string, rel: string) => (root ? `${root}/${rel}` : rel);
  const placed = new Map<string, string>();
  const builtBy = (content: string) => {
    const name = projectNameOf(content);
    return (projects.find((p) => p.name === name) ?? projects[0]).root;
  };
  if (given.manifest !== undefined) placed.set(at(builtBy(given.manifest), ARTIFACT.manifest), given.manifest);
  if (given.catalog !== undefined) placed.set(at(given.manifest !== undefined ? builtBy(given.manifest) : projects[0].root, ARTIFACT.catalog), given.catalog);
  if (given.target?.schema || given.target?.database) {
    for (const p of projects) placed.set(at(p.root, ARTIFACT.target), JSON.stringify(given.target));
  }
  const kept = files.filter((f) => !placed.has(f.path));
  return [...kept, ...[...placed].map(([path, content]) => make(path, content, blobSha(content)))];
}

/** `metadata.project_name` (dbt 1.6+), read without parsing a manifest of tens of MB twice */
function projectNameOf(content: string): string | undefined {
  const head = content.slice(0, 4000);
  return /"project_name"\s*:\s*"([^"]+)"/.exec(head)?.[1];
}

/** git's blob id of the text, as the snapshot's other files carry */
function blobSha(content: string): string {
  const body = Buffer.from(content);
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}
