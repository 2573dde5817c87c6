import { createHash } from 'node:crypto';
import nunjucks from 'nunjucks';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Warning } from '../../schemas/facts.js';
import { dbtUtils, splitArgs } from './dbt-builtins.js';
import { crossDbMacros } from './dbt-cross-db.js';
import { currentKwargs, currentVarargs, macroReturn } from './jinja-macro-calls.js';
import { DbtBlockTags, DoTag, LoopControlTags } from './jinja-extensions.js';
import { sequenceFilters } from './jinja-filters.js';
import { installLenientLookups } from './jinja-lenient.js';
import { NEUTRAL_SQL, isNeutral, neutral, neutralFallback, placeNeutrals } from './jinja-neutral.js';
import { checkOutput, installJinjaLimits, startRender } from '../jinja-limits.js';
import type { ProjectAdapter } from './target-adapter.js';

/** What the model being rendered says through its Jinja calls. */
export interface RenderHooks {
  /** `version` from `ref('m', v=2)` / `version=2` */
  ref(args: string[], version?: string): unknown;
  source(sourceName: string, tableName: string): unknown;
  config(settings: Record<string, unknown>): void;
  snapshot(name: string): void;
  self(): unknown;
}

export interface RenderResult {
  sql?: string;
  error?: { line?: number; message: string };
}

const NO_HOOKS: RenderHooks = {
  ref: () => neutral(),
  source: () => neutral(),
  config: () => undefined,
  snapshot: () => undefined,
  self: () => neutral(),
};

/**
 * One nunjucks environment per dbt project. dbt macros are global, so every macro
 * file's exports become globals; ref/source/config go through the hooks of the
 * model currently rendering, which lets macros call them too.
 */
export class DbtRenderer {
  private readonly env: nunjucks.Environment;
  private hooks: RenderHooks = NO_HOOKS;
  private rendering?: { path: string; content: string; unknown: Set<string> };
  readonly warnings: Warning[] = [];
  /** hashes what every render depends on beyond the model itself: vars and macros */
  readonly identity: string;

  /** `projectName` and the names of installed `packages`: macros can also be called through them (`my_project.cents(x)`) */
  /** the project's adapter (`target.type`) when the repo says it (target-adapter.ts), else unknown */
  private readonly adapter?: string;

  constructor(vars: Record<string, unknown>, macroFiles: { path: string; content: string }[], projectName?: string, packages: string[] = [], adapter?: ProjectAdapter) {
    this.adapter = adapter?.type;
    this.adapterIsSole = adapter?.sole ?? false;
    const h = createHash('sha256').update(JSON.stringify([vars, projectName ?? null, packages, adapter ?? null]));
    for (const f of macroFiles) h.update(`\0${f.path}\0${f.content}`);
    this.identity = h.digest('hex');
    installLenientLookups();
    this.env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
    this.env.addExtension('do', new DoTag());
    this.env.addExtension('loopControls', new LoopControlTags(nunjucks));
    this.env.addExtension('dbtBlocks', new DbtBlockTags((name) => this.hooks.snapshot(name)));
    this.installGlobals(vars);
    installJinjaLimits(this.env);
    for (const space of [projectName, ...packages]) {
      if (space) this.env.addGlobal(space, new Proxy({}, { get: (_t, name) => (typeof name === 'string' ? globalsOf(this.env)[name] : undefined) }));
    }
    this.makeLenient();
    for (const f of macroFiles) this.loadMacros(f.path, f.content);
  }

  render(path: string, content: string, hooks: RenderHooks): RenderResult {
    this.hooks = hooks;
    this.rendering = { path, content, unknown: new Set() };
    this.deploymentLookups = 0;
    const budget = startRender(path);
    try {
      return { sql: placeNeutrals(checkOutput(path, new nunjucks.Template(content, this.env, path, true).render({}))) };
    } catch (err) {
      const error = templateError(err);
      return { error: { ...error, line: error.line ?? unclosedTagLine(content) } };
    } finally {
      budget.end();
      this.hooks = NO_HOOKS;
      this.rendering = undefined;
    }
  }

  /**
   * A short YAML value that dbt renders before use (a source's `schema: "{{ var('raw') }}"`).
   * Text without Jinja comes back as is; a value that renders to nothing knowable
   * (an env_var without default, an unknown var) is undefined, so callers keep their default.
   */
  renderText(path: string, text: string): string | undefined {
    return this.renderSetting(path, text).value;
  }

  /**
   * As renderText, and says whether the value depends on the deployment (a var the
   * project does not set, an env var, the target): such a value
   * (`enabled: var('x_enabled', false)`) is the deployment's choice, not the project's.
   */
  renderSetting(path: string, text: string): { value?: string; deploymentChoice: boolean } {
    if (!text.includes('{{') && !text.includes('{%')) return { value: text, deploymentChoice: false };
    // projects repeat one schema/enabled template on hundreds of models; its answer depends only on the text
    const kept = this.settings.get(text);
    if (kept) return kept;
    const out = this.render(path, text, NO_HOOKS).sql?.trim();
    const result = { value: out && out !== NEUTRAL_SQL ? out : undefined, deploymentChoice: this.deploymentLookups > 0 };
    this.settings.set(text, result);
    return result;
  }

  private readonly settings = new Map<string, { value?: string; deploymentChoice: boolean }>();

  private readonly adapterIsSole: boolean;

  /** var() defaults, env_var() and target lookups during the current render: answers only a deployment knows */
  private deploymentLookups = 0;

  /**
   * A name no macro file, builtin or var defines: a package macro (dbt_packages/ is
   * not committed) or a typo. It renders neutral so the model still parses; the
   * warning says its SQL has a hole there.
   */
  private unknownName(name: string): unknown {
    const r = this.rendering;
    if (r && !r.unknown.has(name)) {
      r.unknown.add(name);
      const at = r.content.search(new RegExp(`\\b${name.replace(/[^\w]/g, '')}\\b`));
      const line = at >= 0 ? r.content.slice(0, at).split('\n').length : undefined;
      this.warnings.push({ file: r.path, line, code: 'dbt-unknown-macro', message: `${r.path}: unknown macro or package "${name}" rendered as null` });
    }
    return neutral();
  }

  private loadMacros(path: string, content: string): void {
    try {
      const tmpl = new nunjucks.Template(content, this.env, path, true);
      let exported: Record<string, unknown> = {};
      (tmpl as unknown as { getExported(cb: (e: unknown, x: Record<string, unknown>) => void): void }).getExported(
        (e, x) => {
          if (e) throw e;
          exported = x;
        },
      );
      // a project's ref/source/config override wraps dbt's (builtins.ref): the hooks must see every call
      for (const [name, fn] of Object.entries(exported)) if (!BUILTIN_HOOKS.has(name)) this.env.addGlobal(name, fn);
    } catch (err) {
      const { line, message } = templateError(err);
      this.warnings.push({ file: path, line, code: 'dbt-macro', message: `${path}: ${message}` });
    }
  }

  private installGlobals(vars: Record<string, unknown>): void {
    const g = (name: string, value: unknown) => this.env.addGlobal(name, value);
    const str = (v: unknown) => String(v);
    // Python's literals, and dbt's own cross-database macros by their bare names
    g('True', true);
    g('False', false);
    g('None', null);
    for (const [name, fn] of Object.entries(crossDbMacros())) g(name, fn);
    const ref = (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const version = kwargs.v ?? kwargs.version;
      return this.hooks.ref(positional.map(str), version === undefined || version === null ? undefined : str(version));
    };
    const source = (...args: unknown[]) => {
      const [s, t] = splitArgs(args).positional.map(str);
      return this.hooks.source(s ?? '', t ?? '');
    };
    g('ref', ref);
    g('source', source);
    const config = (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const dict = positional[0] && typeof positional[0] === 'object' ? (positional[0] as Record<string, unknown>) : {};
      const settings = { ...dict, ...kwargs };
      // disabled by a var default, an env var or the target: whoever deploys it decides, so the model stays
      if (settings.enabled === false && this.deploymentLookups > 0) delete settings.enabled;
      this.hooks.config(settings);
      return '';
    };
    g('config', Object.assign(config, { get: (_k: unknown, d: unknown) => d ?? neutral(), require: () => neutral() }));
    g('builtins', { ref, source, config });
    g('var', (...args: unknown[]) => {
      const name = String(args[0]);
      if (Object.hasOwn(vars, name)) return this.renderVar(vars[name]);
      this.deploymentLookups++;
      // a default of None is None (`var('prefix', None) != None`)
      return args.length > 1 && args[1] !== undefined ? args[1] : neutral();
    });
    g('env_var', (_name: unknown, fallback?: unknown) => {
      this.deploymentLookups++;
      // without a default only the deployment knows it: a neutral, so `x in {{ env_var('LIST') }}` still parses
      return fallback ?? neutral();
    });
    g('is_incremental', () => false);
    g('should_full_refresh', () => false);
    // parse-time answers: no live warehouse behind us
    g('execute', false);
    // known names whose values only a run has: neutral, and no unknown-macro warning
    g('run_started_at', neutral());
    g('invocation_id', neutral());
    g('modules', neutral());
    g('graph', neutral());
    g('model', neutral());
    g('flags', neutral());
    g('log', () => '');
    g('print', () => '');
    g('return', macroReturn);
    Object.defineProperty(globalsOf(this.env), 'varargs', { get: currentVarargs, configurable: true });
    Object.defineProperty(globalsOf(this.env), 'kwargs', { get: currentKwargs, configurable: true });
    g('exceptions', neutralFallback({ raise_compiler_error: () => '', warn: () => '' }));
    g('fromjson', (text: unknown, fallback?: unknown) => {
      try {
        return JSON.parse(String(text));
      } catch {
        return fallback ?? neutral();
      }
    });
    g('tojson', (value: unknown) => JSON.stringify(value) ?? 'null');
    // dbt's YAML twins of fromjson/tojson: automate_dv and datavault models describe their columns in a YAML block
    g('fromyaml', (text: unknown, fallback?: unknown) => {
      try {
        return parseYaml(String(text)) ?? fallback ?? null;
      } catch {
        return fallback ?? neutral();
      }
    });
    g('toyaml', (value: unknown) => stringifyYaml(value));
    // Jinja's namespace(): a mutable object, assigned with `{% set ns.attr = v %}`
    g('namespace', (...args: unknown[]) => ({ ...splitArgs(args).kwargs }));
    g('zip', (...lists: unknown[]) => {
      const arrays = lists.filter(Array.isArray) as unknown[][];
      const n = arrays.length ? Math.min(...arrays.map((a) => a.length)) : 0;
      return Array.from({ length: n }, (_, i) => arrays.map((a) => a[i]));
    });
    g('dbt', neutralFallback(crossDbMacros()));
    // the adapter's helpers that need no warehouse
    g('api', neutralFallback({
      Column: neutralFallback({ translate_type: (t: unknown) => t }),
      Relation: neutralFallback({
        create: (...args: unknown[]) => {
          const { positional, kwargs } = splitArgs(args);
          const parts = [kwargs.database ?? positional[0], kwargs.schema ?? positional[1], kwargs.identifier ?? positional[2]];
          return parts.filter((p) => typeof p === 'string' && p).join('.');
        },
      }),
    }));
    g('run_query', () => neutral());
    // the target is the deployment's: what depends on it is not the project's choice
    const targetName = () => {
      this.deploymentLookups++;
      return 'prod';
    };
    const target = neutralFallback({}, () => {
      this.deploymentLookups++;
      return neutral();
    });
    Object.defineProperty(target, 'name', { get: targetName });
    Object.defineProperty(target, 'target_name', { get: targetName });
    // the adapter a profiles.yml in the repo names is the one dbt renders with: not left to the deployment
    // (when the profile's outputs run on several adapters, what depends on it stays the deployment's choice)
    if (this.adapter) {
      Object.defineProperty(target, 'type', {
        get: () => {
          if (!this.adapterIsSole) this.deploymentLookups++;
          return this.adapter;
        },
      });
    }
    g('target', target);
    g('adapter', neutralFallback({ dispatch: (name: unknown) => this.dispatch(String(name)) }));
    g('dbt_utils', dbtUtils());
    g('this', { toString: () => String(this.hooks.self()) });
  }

  // dbt renders the Jinja in a var's value (`'{{ run_started_at.strftime("%Y") }}'`) before the model sees it
  private renderVar(value: unknown): unknown {
    if (typeof value !== 'string' || (!value.includes('{{') && !value.includes('{%'))) return value;
    if (this.varValues.has(value)) return this.varValues.get(value);
    let out: unknown;
    try {
      out = this.env.renderString(value, {});
    } catch {
      out = neutral();
    }
    // a value that called ref() or this holds the rendering model's own placeholders: not shareable
    if (!(typeof out === 'string' && out.includes('__grainline_'))) this.varValues.set(value, out);
    return out;
  }

  private readonly varValues = new Map<string, unknown>();

  // adapter.dispatch('m') resolves to the project's default__m or m, as dbt would. With no
  // target adapter known, a default that renders nothing (a stub that only warns) gives way
  // to the first adapter-specific implementation, which is what any real run would use.
  private dispatch(name: string): unknown {
    const globals = (this.env as unknown as { globals: Record<string, unknown> }).globals;
    const own = (candidate: string) => (Object.prototype.hasOwnProperty.call(globals, candidate) ? globals[candidate] : undefined);
    // a known adapter's own implementation first, as dbt's dispatch searches (redshift falls back to postgres)
    const mine = this.adapter ? [this.adapter, ...(ADAPTER_PARENTS[this.adapter] ?? [])].map((a) => own(`${a}__${name}`)).find((m) => typeof m === 'function') : undefined;
    if (mine) return mine;
    const base = own(`default__${name}`) ?? own(name);
    if (this.adapter && typeof base === 'function') return base;
    const adapters = ADAPTERS.map((a) => own(`${a}__${name}`)).filter((m): m is (...a: unknown[]) => unknown => typeof m === 'function');
    if (typeof base !== 'function') return adapters[0] ?? neutral();
    if (adapters.length === 0) return base;
    return (...args: unknown[]) => {
      const out = base(...args);
      return isBlank(out) ? adapters[0](...args) : out;
    };
  }

  private makeLenient(): void {
    const env = this.env as unknown as {
      globals: object;
      filters: Record<string, unknown>;
      tests: Record<string, unknown>;
    };
    env.globals = neutralFallback(env.globals, (name) => this.unknownName(name));
    const filters = { ...env.filters, ...DBT_FILTERS } as Record<string, (v: unknown, ...a: unknown[]) => unknown>;
    env.filters = neutralFallback({ ...filters, ...sequenceFilters((name) => filters[name]) }, () => (v: unknown) => v);
    env.tests = neutralFallback(
      { ...env.tests, none: (v: unknown) => v === null || v === undefined },
      () => () => false,
    );
  }
}

const BUILTIN_HOOKS = new Set(['ref', 'source', 'config']);

/** adapters in the order their implementations are tried when the default is a stub */
const ADAPTERS = ['snowflake', 'bigquery', 'postgres', 'redshift', 'databricks', 'spark', 'duckdb', 'trino', 'fabric', 'sqlserver', 'athena'];

/** adapters whose macros another adapter inherits in dbt's dispatch search */
const ADAPTER_PARENTS: Record<string, string[]> = { redshift: ['postgres'], databricks: ['spark'], glue: ['spark'], synapse: ['fabric', 'sqlserver'], fabric: ['sqlserver'], materialize: ['postgres'] };

const isBlank = (v: unknown): boolean => v === undefined || v === null || (!Array.isArray(v) && String(v).trim() === '');

const globalsOf = (env: nunjucks.Environment): Record<string, unknown> => (env as unknown as { globals: Record<string, unknown> }).globals;

const asBool = (v: unknown): unknown => (typeof v === 'string' && /^(true|false)$/i.test(v.trim()) ? v.trim().toLowerCase() === 'true' : v);

/** the largest (sign 1) or smallest (-1) item, strings compared case-insensitively as Jinja does */
const pick = (v: unknown, sign: number): unknown => {
  if (!Array.isArray(v) || v.length === 0) return v;
  const key = (x: unknown) => (typeof x === 'string' ? x.toLowerCase() : (x as number));
  return v.reduce((best, x) => (sign * (key(x) > key(best) ? 1 : key(x) < key(best) ? -1 : 0) > 0 ? x : best));
};

// Jinja's default: a key a dict lacks is undefined, which our lenient lookups hand back as a neutral
const withDefault = (v: unknown, fallback: unknown = '', falsy?: unknown) => (v === undefined || isNeutral(v) || (falsy && !v) ? fallback : v);

/** dbt's native-type filters: `"{{ var('x', false) | as_bool }}"` is the boolean, not text */
const DBT_FILTERS: Record<string, (v: unknown, ...a: unknown[]) => unknown> = {
  default: withDefault,
  d: withDefault,
  // Jinja builtins nunjucks lacks (`{{ [a, b] | max }}`)
  max: (v) => pick(v, 1),
  min: (v) => pick(v, -1),
  as_bool: asBool,
  as_native: (v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return asBool(v);
    }
  },
  as_number: (v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v),
  as_text: (v) => (v === null || v === undefined ? '' : String(v)),
};

const BLOCK_TAGS = new Set(['if', 'for', 'macro', 'call', 'filter', 'snapshot', 'test', 'docs', 'materialization', 'raw']);

/** An error at end of file means a tag was left open: point at the innermost one. */
export function unclosedTagLine(content: string): number | undefined {
  const open: { tag: string; line: number }[] = [];
  const re = /\{%-?\s*(end)?(\w+)([^%]*)%\}/g;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    const [, end, tag, rest] = m;
    const line = content.slice(0, m.index).split('\n').length;
    // `{% set x %}...{% endset %}` is a block only without `=`
    const isBlock = BLOCK_TAGS.has(tag) || (tag === 'set' && !rest.includes('='));
    if (end) {
      const at = open.map((o) => o.tag).lastIndexOf(tag);
      if (at >= 0) open.splice(at);
    } else if (isBlock) open.push({ tag, line });
  }
  return open.length ? open[open.length - 1].line : undefined;
}

function templateError(err: unknown): { line?: number; message: string } {
  const e = err as { message?: string; lineno?: number };
  const text = String(e?.message ?? err);
  const m = /\[Line (\d+)/.exec(text);
  const line = m ? Number(m[1]) : typeof e?.lineno === 'number' ? e.lineno : undefined;
  const message = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop() ?? text;
  return { line, message };
}
