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
 * named target breaking a tie. Without a profile, the one adapter the repo's CI installs
 * (installedAdapter). Undefined when the repo does not say.
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
    .map((f) => ({ f, distance: profileDistance(project.root, posix.dirname(f.path)) }))
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
  return installedAdapter(files);
}

/** `pip install dbt-snowflake`, `dbt-bigquery==1.8` in a CI workflow or compose file the repo holds */
const ADAPTER_PACKAGE = /(?<![\w-])dbt-(snowflake|bigquery|postgres|redshift|databricks|spark|duckdb|trino|fabric|sqlserver|athena|synapse|clickhouse|glue|materialize|oracle|starrocks)(?![\w-])/gi;

/**
 * Without a profiles.yml (most company repos keep it out of git), the adapter the repo's
 * CI installs: when its YAML names exactly one dbt adapter package, that is where the
 * project runs. Only renders and dispatch follow it; what target.type enables stays the
 * deployment's choice (`sole: false`), as this is read from how the project is installed.
 */
function installedAdapter(files: { path: string; content: string }[]): ProjectAdapter | undefined {
  const named = new Set<string>();
  for (const f of files) {
    if (!/\.ya?ml$/.test(f.path) || posix.basename(f.path) === 'profiles.yml') continue;
    if (!/(^|\/)(\.github\/workflows|\.gitlab-ci|\.circleci|docker-compose|\.buildkite|azure-pipelines|bitbucket-pipelines)/.test(f.path)) continue;
    // `pip install "dbt-${ADAPTER}"`: a matrix over adapters (a package tested on each) names no one adapter
    if (/dbt-\$\{|dbt-\{\{|dbt-\$[A-Za-z_]/.test(f.content)) return undefined;
    for (const m of f.content.matchAll(ADAPTER_PACKAGE)) named.add(m[1].toLowerCase());
  }
  return named.size === 1 ? { type: [...named][0], sole: false } : undefined;
}

/** folders between two repo-relative folders: the profiles.yml beside the project first */
export function profileDistance(a: string, b: string): number {
  const pa = a && a !== '.' ? a.split('/') : [];
  const pb = b && b !== '.' ? b.split('/') : [];
  let common = 0;
  while (common < pa.length && common < pb.length && pa[common] === pb[common]) common++;
  return pa.length + pb.length - 2 * common;
}
