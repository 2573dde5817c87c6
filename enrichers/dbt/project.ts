import { posix } from 'node:path';
import type { Warning } from '../../schemas/facts.js';
import { asArray, asRecord, asString, readYaml } from './yaml-located.js';
import { orderByColumns, unparenthesize } from './engine-key.js';

/** The parts of a model/seed/snapshot config that facts are built from. */
export interface NodeConfig {
  schema?: string;
  database?: string;
  alias?: string;
  materialized?: string;
  tags: string[];
  meta: Record<string, unknown>;
  /** dbt group: its owner owns the node */
  group?: string;
  /** `unique_key`, always as a column list */
  uniqueKey?: string[];
  /** snapshots name their relation with these */
  targetSchema?: string;
  targetDatabase?: string;
  enabled?: boolean;
  /** dbt-clickhouse table engine and sorting key (engine-key.ts) */
  engine?: string;
  orderBy?: string[];
  /** how an incremental model applies `unique_key` (unique-key-grain.ts) */
  incrementalStrategy?: string;
}

export interface DbtProject {
  /** folder holding dbt_project.yml, repo-relative, '' at the repo root */
  root: string;
  file: string;
  name: string;
  /** the profile dbt connects with (`profile:`), which names the adapter in a profiles.yml */
  profile?: string;
  modelPaths: string[];
  seedPaths: string[];
  snapshotPaths: string[];
  macroPaths: string[];
  vars: Record<string, unknown>;
  /** `vars:` as written, scopes included: a project that installs another as a package sets that one's vars */
  declaredVars: Record<string, unknown>;
  trees: { models: unknown; seeds: unknown; snapshots: unknown };
}

export function emptyConfig(): NodeConfig {
  return { tags: [], meta: {} };
}

export const isDbtProjectFile = (f: { path: string }): boolean => posix.basename(f.path) === 'dbt_project.yml';

export function readProject(file: string, content: string): { project?: DbtProject; warnings: Warning[] } {
  const { value, warnings } = readYaml(file, content);
  const doc = asRecord(value);
  if (!doc) return { warnings: warnings.length ? warnings : [{ file, code: 'dbt-project', message: `${file}: not a mapping` }] };
  const dir = posix.dirname(file);
  const paths = (key: string, fallback: string): string[] => {
    const list = asArray(doc[key]).map(asString).filter((s): s is string => !!s);
    return (list.length ? list : [fallback]).map(trimSlashes);
  };
  const name = asString(doc.name) ?? posix.basename(dir);
  const vars = asRecord(doc.vars) ?? {};
  // vars may be scoped by project name; the project's own scope wins over globals
  const scoped = asRecord(vars[name]);
  return {
    warnings,
    project: {
      root: dir === '.' ? '' : dir,
      file,
      name,
      profile: asString(doc.profile),
      modelPaths: paths(doc['model-paths'] ? 'model-paths' : 'source-paths', 'models'),
      seedPaths: paths(doc['seed-paths'] ? 'seed-paths' : 'data-paths', 'seeds'),
      snapshotPaths: paths('snapshot-paths', 'snapshots'),
      macroPaths: paths('macro-paths', 'macros'),
      vars: { ...vars, ...(scoped ?? {}) },
      declaredVars: vars,
      trees: { models: doc.models, seeds: doc.seeds, snapshots: doc.snapshots },
    },
  };
}

const trimSlashes = (p: string): string => p.replace(/^\.?\/+/, '').replace(/\/+$/, '');

/** Path of `file` relative to the project root. */
export function projectRelative(project: DbtProject, file: string): string | undefined {
  if (project.root === '') return file;
  return file.startsWith(project.root + '/') ? file.slice(project.root.length + 1) : undefined;
}

/** Which of `dirs` (model-paths, seed-paths, ...) holds the file, and the path below it. */
export function underPaths(project: DbtProject, file: string, dirs: string[]): string | undefined {
  const rel = projectRelative(project, file);
  if (rel === undefined) return undefined;
  for (const d of dirs) if (rel.startsWith(d + '/')) return rel.slice(d.length + 1);
  return undefined;
}

const CONFIG_KEYS = new Set([
  'schema',
  'database',
  'alias',
  'materialized',
  'tags',
  'meta',
  'unique_key',
  'target_schema',
  'target_database',
  'enabled',
  'docs',
  'group',
  'engine',
  'order_by',
  'incremental_strategy',
]);

/**
 * Config for the node at `below` (its path under a model/seed/snapshot path) from
 * the dbt_project.yml tree: the project's key, then one level per folder, then the
 * node name. Deeper levels override, tags add up, meta merges.
 */
export function treeConfig(project: DbtProject, tree: unknown, below: string): NodeConfig {
  const config = emptyConfig();
  const root = asRecord(tree);
  if (!root) return config;
  applyLevel(config, root);
  let level = asRecord(root[project.name]);
  const parts = below.split('/');
  const nodeName = parts.pop()!.replace(/\.[^.]+$/, '');
  for (const part of [...parts, nodeName]) {
    if (!level) break;
    applyLevel(config, level);
    level = asRecord(level[part]);
  }
  if (level) applyLevel(config, level);
  return config;
}

function applyLevel(config: NodeConfig, level: Record<string, unknown>): void {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    const bare = key.startsWith('+') ? key.slice(1) : key;
    if (key.startsWith('+') || (CONFIG_KEYS.has(bare) && (bare === 'meta' || bare === 'tags' || !asRecord(value)))) {
      settings[bare] = value;
    }
  }
  mergeConfig(config, settings);
}

/** Applies config(...) arguments or a YAML `config:` block onto `config`. */
export function mergeConfig(config: NodeConfig, settings: Record<string, unknown>): void {
  const str = (k: string) => asString(settings[k]);
  if (str('schema')) config.schema = str('schema');
  if (str('database')) config.database = str('database');
  if (str('alias')) config.alias = str('alias');
  if (str('group')) config.group = str('group');
  if (str('materialized')) config.materialized = str('materialized');
  if (str('target_schema')) config.targetSchema = str('target_schema');
  if (str('target_database')) config.targetDatabase = str('target_database');
  if (str('engine')) config.engine = str('engine');
  if (str('incremental_strategy')) config.incrementalStrategy = str('incremental_strategy');
  if (settings.order_by !== undefined) config.orderBy = orderByColumns(settings.order_by);
  if (typeof settings.enabled === 'boolean') config.enabled = settings.enabled;
  else if (typeof settings.enabled === 'string' && /^(true|false)$/i.test(settings.enabled.trim())) config.enabled = settings.enabled.trim().toLowerCase() === 'true';
  const tags = settings.tags;
  for (const t of Array.isArray(tags) ? tags : [tags]) {
    const s = asString(t);
    if (s && !config.tags.includes(s)) config.tags.push(s);
  }
  const meta = asRecord(settings.meta);
  if (meta) Object.assign(config.meta, meta);
  const key = settings.unique_key;
  if (typeof key === 'string' && key.trim()) config.uniqueKey = splitKey(key);
  else if (Array.isArray(key)) config.uniqueKey = key.map(asString).filter((s): s is string => !!s);
}

// unique_key='a || b' or 'a, b' both name a composite key
function splitKey(key: string): string[] {
  return unparenthesize(key)
    .split(/\|\||,/)
    .map((s) => s.trim())
    .filter(Boolean);
}
