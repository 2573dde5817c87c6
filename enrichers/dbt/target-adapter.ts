import { posix } from 'node:path';
import type { DbtProject } from './project.js';
import { asRecord, asString, readYaml } from './yaml-located.js';

/** The adapters dbt names in `target.type`. */
const KNOWN = new Set(['snowflake', 'bigquery', 'postgres', 'redshift', 'databricks', 'spark', 'duckdb', 'trino', 'fabric', 'sqlserver', 'athena', 'synapse', 'clickhouse', 'glue', 'materialize', 'oracle', 'starrocks']);

/**
 * The adapter a project runs on, as dbt's `target.type` gives it: the `type` of the
 * profile the project names (`profile:` in dbt_project.yml) in a profiles.yml the
 * repo holds, the one nearest the project winning. dbt renders every model with it:
 * `{{ config(enabled = target.type == 'bigquery') }}`, `{% if target.type == 'snowflake' %}`
 * and `adapter.dispatch` all depend on it. The profile's target may be chosen at run
 * time (`target: "{{ env_var('T', 'dev') }}"`): the type is the one most outputs have, the
 * named target breaking a tie. Undefined when the repo does not say.
 */
export interface ProjectAdapter {
  type: string;
  /** every output of the profile has this type; else another target may run the project elsewhere */
  sole: boolean;
}

export function projectAdapter(project: Pick<DbtProject, 'root' | 'profile'>, files: { path: string; content: string }[]): ProjectAdapter | undefined {
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
    const counts = new Map<string, number>();
    for (const t of Object.values(outputs).map(typeOf)) if (t && KNOWN.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
    // outputs of several types: a local default (`dev_local: duckdb` beside four trino outputs) is
    // one developer's sandbox; the type most outputs share is where the tables live, the named target breaks a tie
    const most = Math.max(0, ...counts.values());
    const leaders = [...counts].filter(([, n]) => n === most).map(([t]) => t);
    const type = leaders.length === 1 ? leaders[0] : named && leaders.includes(named) ? named : undefined;
    if (type) return { type, sole: counts.size === 1 };
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
