import { posix } from 'node:path';
import type { DbtRenderer, RenderHooks } from './jinja-renderer.js';
import type { DbtProject } from './project.js';
import type { ProjectAdapter } from './target-adapter.js';
import { profileDistance } from './target-adapter.js';
import { asRecord, asString, readYaml } from './yaml-located.js';

/** The database and schema dbt builds into (`target.database` / `target.schema`). */
export interface DbtTarget {
  database?: string;
  schema?: string;
}

/**
 * How a project turns a model's custom schema into its warehouse schema:
 * - `default`: dbt's own generate_schema_name, `<target_schema>_<custom>`, the target schema when none;
 * - `verbatim`: the override dbt's docs give, the custom schema as written, the target schema when none;
 * - `unknown`: an override whose result rendering could not place: today's names stand.
 */
export type SchemaRule = 'default' | 'verbatim' | 'unknown';

export interface DbtNaming {
  /** undefined: no target known, so names stay as the catalog always wrote them */
  target?: DbtTarget;
  rule: SchemaRule;
}

/** Renders a short Jinja text with the project's macros; undefined when it renders to nothing knowable. */
export type RenderText = (text: string) => string | undefined;

const PROBE = 'grainline_probe_schema';
/** a macro file that defines the override (the name alone does not say what it does: rendering does) */
const OVERRIDE = /\{%-?\s*macro\s+generate_schema_name\s*\(/;

/**
 * The schema rule of a project whose own macros are `macros`: without an override, dbt's
 * default; with one, what the override renders for a probe custom schema and for none,
 * against what the renderer makes of the (unknown) target schema itself: `default` when
 * the probe comes back as that + `_probe`, `verbatim` when it comes back alone.
 * `renderRaw` keeps what an unknown value renders as, so the two can be compared.
 */
export function schemaRule(macros: { content: string }[], renderRaw: RenderText): SchemaRule {
  if (!macros.some((m) => OVERRIDE.test(m.content))) return 'default';
  const target = renderRaw('{{ target.schema }}')?.trim();
  const custom = renderRaw(`{{ generate_schema_name('${PROBE}', none) }}`)?.trim();
  const none = renderRaw('{{ generate_schema_name(none, none) }}')?.trim();
  if (target === undefined || none !== target) return 'unknown';
  if (custom === PROBE) return 'verbatim';
  if (custom === `${target}_${PROBE}`) return 'default';
  return 'unknown';
}

/**
 * The target of the profile the project names, from the profiles.yml nearest it: the
 * output its `target:` names (rendered, so `env_var('X', 'prod')` gives its default),
 * else its only output. Each adapter spells database and schema its own way.
 */
export function profileTarget(
  project: Pick<DbtProject, 'root' | 'profile'>,
  files: { path: string; content: string }[],
  render: RenderText,
  adapter?: ProjectAdapter,
): DbtTarget | undefined {
  if (!project.profile) return undefined;
  const profiles = files
    .filter((f) => posix.basename(f.path) === 'profiles.yml')
    .sort((a, b) => profileDistance(project.root, posix.dirname(a.path)) - profileDistance(project.root, posix.dirname(b.path)));
  for (const f of profiles) {
    const profile = asRecord(asRecord(readYaml(f.path, f.content).value)?.[project.profile]);
    const outputs = asRecord(profile?.outputs);
    if (!outputs) continue;
    const named = asString(profile?.target);
    const chosen = named ? render(named) : undefined;
    const output = asRecord(chosen ? outputs[chosen] : Object.keys(outputs).length === 1 ? Object.values(outputs)[0] : undefined);
    if (!output) continue;
    const value = (...keys: string[]) => {
      for (const k of keys) {
        const raw = asString(output[k]);
        const v = raw !== undefined ? render(raw)?.trim() : undefined;
        if (v && /^[\w$.-]+$/.test(v)) return v;
      }
      return undefined;
    };
    const type = asString(output.type)?.toLowerCase();
    // a named target on another adapter than most outputs (a local DuckDB beside the Trino ones) is
    // one developer's sandbox, not where the tables live (target-adapter.ts): no target, today's names
    if (adapter && type !== adapter.type) return undefined;
    const schema = value('schema', 'dataset');
    // dbt-duckdb names the database after the file it opens; an in-memory one is `memory`
    const path = type === 'duckdb' ? render(asString(output.path) ?? ':memory:')?.trim() : undefined;
    const duckdbFile = path === ':memory:' ? 'memory' : path && posix.basename(path).replace(/\.[^.]*$/, '');
    const database = value('database', 'dbname', 'project', 'catalog') ?? (duckdbFile || undefined);
    if (schema) return { database, schema };
  }
  return undefined;
}

/** Flags (or their config) win over the profile, field by field. */
export function chooseTarget(given: DbtTarget | undefined, profile: DbtTarget | undefined): DbtTarget | undefined {
  const schema = given?.schema ?? profile?.schema;
  if (!schema) return undefined;
  return { schema, database: given?.database ?? profile?.database };
}

/**
 * The naming of one project: the target from the flags (placed at target/grainline-target.json,
 * artifact-files.ts) or the profile, and, once a target is known, the schema rule of its own
 * macros. No target: no rule needed, the catalog's names stand.
 */
export function projectNaming(
  project: Pick<DbtProject, 'root' | 'profile' | 'file'>,
  given: { content: string } | undefined,
  profiles: { path: string; content: string }[],
  macros: { content: string }[],
  renderer: DbtRenderer,
  adapter?: ProjectAdapter,
): DbtNaming {
  const render = (text: string) => renderer.renderText(project.file, text);
  const target = chooseTarget(given ? flagTarget(given.content) : undefined, profileTarget(project, profiles, render, adapter));
  return target ? { target, rule: schemaRule(macros, rawRender(renderer, project.file)) } : { rule: 'default' };
}

const NO_CALLS: RenderHooks = { ref: () => undefined, source: () => undefined, config: () => undefined, snapshot: () => undefined, self: () => undefined };

/** the text as rendered, an unknown value as whatever the renderer prints for it */
export const rawRender = (renderer: DbtRenderer, file: string): RenderText => (text) => renderer.render(file, text, NO_CALLS).sql;

function flagTarget(content: string): DbtTarget | undefined {
  try {
    const t = asRecord(JSON.parse(content));
    return { database: asString(t?.database), schema: asString(t?.schema) };
  } catch {
    return undefined;
  }
}

/**
 * dbt's own default__generate_schema_name, which overrides call for the cases they leave to
 * dbt (`{% if target.name == 'prod' %}{{ custom }}{% else %}{{ default__generate_schema_name(...) }}`).
 * Loaded before the project's macros, so a project that defines it wins.
 */
export const BUILTIN_SCHEMA_MACRO = {
  path: '(dbt builtins)/default__generate_schema_name.sql',
  content: `{% macro default__generate_schema_name(custom_schema_name, node) -%}
{%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}`,
};
