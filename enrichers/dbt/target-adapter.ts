import { posix } from 'node:path';
import type { DbtProject } from './project.js';
import { asRecord, asString, readYaml } from './yaml-located.js';

/** The adapters dbt names in `target.type`. */
const KNOWN = new Set(['snowflake', 'bigquery', 'postgres', 'redshift', 'databricks', 'spark', 'duckdb', 'trino', 'fabric', 'sqlserver', 'athena', 'synapse', 'clickhouse', 'glue', 'materialize', 'oracle']);

/**
 * The adapter a project runs on, as dbt's `target.type` gives it: the `type` of the
 * profile the project names (`profile:` in dbt_project.yml) in a profiles.yml the
 * repo holds, the one nearest the project winning. dbt renders every model with it:
 * `{{ config(enabled = target.type == 'bigquery') }}`, `{% if target.type == 'snowflake' %}`
 * and `adapter.dispatch` all depend on it. The profile's target may be chosen at run
 * time (`target: "{{ env_var('T', 'dev') }}"`), so the type is known when the named
 * target, or else every output, has one type. Undefined when the repo does not say.
 */
export function projectAdapter(project: Pick<DbtProject, 'root' | 'profile'>, files: { path: string; content: string }[]): string | undefined {
  if (!project.profile) return undefined;
  const profiles = files
    .filter((f) => posix.basename(f.path) === 'profiles.yml')
    .map((f) => ({ f, distance: distance(project.root, posix.dirname(f.path)) }))
    .sort((a, b) => a.distance - b.distance);
  for (const { f } of profiles) {
    const profile = asRecord(asRecord(readYaml(f.path, f.content).value)?.[project.profile]);
    const outputs = asRecord(profile?.outputs);
    if (!outputs) continue;
    const typeOf = (o: unknown) => asString(asRecord(o)?.type)?.toLowerCase();
    const named = typeOf(outputs[asString(profile?.target) ?? '']);
    const all = new Set(Object.values(outputs).map(typeOf).filter((t): t is string => !!t));
    const type = named ?? (all.size === 1 ? [...all][0] : undefined);
    if (type && KNOWN.has(type)) return type;
  }
  return undefined;
}

/** folders between two repo-relative folders: the profiles.yml beside the project first */
function distance(a: string, b: string): number {
  const pa = a && a !== '.' ? a.split('/') : [];
  const pb = b && b !== '.' ? b.split('/') : [];
  let common = 0;
  while (common < pa.length && common < pb.length && pa[common] === pb[common]) common++;
  return pa.length + pb.length - 2 * common;
}
