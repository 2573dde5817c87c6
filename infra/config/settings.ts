import { z } from 'zod';
import { LIMITS, type LimitName } from '../../enrichers/limits.js';

/**
 * Every setting Grainline reads, in one table: docs/configuration.md is rendered from
 * it (test/config/settings-table.test.ts keeps the two equal), and nothing else in
 * the code reads the environment for a setting.
 *
 * Where a setting goes decides who may resolve it:
 * - `run`: resolved by the command that starts the run and carried in the workflow
 *   input, so every worker of a cluster reads the repo and embeds the same way;
 * - `command`: read by the command-line process (where the catalog is, how to reach
 *   Temporal, the nightly schedule);
 * - `worker`: each worker's own, from its environment: threads and heaps fit its
 *   machine, model files sit on its disk, and secrets never enter workflow history.
 */
export type Scope = 'run' | 'command' | 'worker';

export interface Setting<T> {
  env: string;
  /** the command-line flag that overrides it, on the commands that take one */
  flag?: string;
  default: T;
  scope: Scope;
  what: string;
  /** one value, from the environment (a string) or the config file; see resolveSettings */
  schema: z.ZodType<T | undefined>;
}

const text = z.string().trim().min(1);
const positiveInt = z.coerce.number().int().positive();

/** A setting without a default: unset stays undefined. */
const optional = <T>(schema: z.ZodType<T>, s: Omit<Setting<T | undefined>, 'schema' | 'default'>): Setting<T | undefined> => ({
  ...s,
  default: undefined,
  schema: schema.optional(),
});
const withDefault = <T>(schema: z.ZodType<T>, def: T, s: Omit<Setting<T>, 'schema' | 'default'>): Setting<T> => ({
  ...s,
  default: def,
  schema: schema.optional(),
});
/** On when the variable is exactly `on` (`'1'`, `'true'`): what the code has always tested for. */
const flagWhen = (on: string) => z.union([z.boolean(), z.string().transform((v) => v === on)]);

/** The readers' limits (enrichers/limits.ts names and documents them): positive numbers, per run. */
const limitSettings = Object.fromEntries(
  Object.entries(LIMITS).map(([name, l]) => [
    name,
    withDefault(z.coerce.number().positive().finite(), l.default as number, { env: l.env, scope: 'run', what: `limit on ${l.what} (${l.unit})` }),
  ]),
) as Record<LimitName, Setting<number>>;

export const SETTINGS = {
  // the command line
  db: withDefault(text, '.grainline/db', { env: 'GRAINLINE_DB', flag: '--db', scope: 'command', what: 'LanceDB folder or URI' }),
  workDir: withDefault(text, '.grainline/work', { env: 'GRAINLINE_WORK_DIR', scope: 'command', what: 'run folders and caches when the db is a remote URI (`s3://…`)' }),
  debug: withDefault(z.union([z.boolean(), z.string().transform((v) => v !== '')]), false, { env: 'GRAINLINE_DEBUG', scope: 'command', what: 'print stack traces and Temporal warnings (any non-empty value)' }),

  // dbt's artifacts and target, read by the crawl
  dbtManifest: optional(text, { env: 'GRAINLINE_DBT_MANIFEST', flag: '--dbt-manifest', scope: 'run', what: "dbt's manifest.json (`dbt parse`): warehouse names, lineage, compiled SQL" }),
  dbtCatalog: optional(text, { env: 'GRAINLINE_DBT_CATALOG', flag: '--dbt-catalog', scope: 'run', what: "dbt's catalog.json (`dbt docs generate`): column types" }),
  dbtTargetDatabase: optional(text, { env: 'GRAINLINE_DBT_TARGET_DATABASE', flag: '--dbt-target-database', scope: 'run', what: 'the database dbt builds into, for its naming without a manifest' }),
  dbtTargetSchema: optional(text, { env: 'GRAINLINE_DBT_TARGET_SCHEMA', flag: '--dbt-target-schema', scope: 'run', what: 'the target schema: custom schemas become `<target>_<custom>`' }),

  // the embedder, chosen once per run by the crawl (it knows the catalog's size)
  embeddingModel: optional(text, { env: 'GRAINLINE_EMBEDDING_MODEL', scope: 'run', what: 'unset: the embedded semantic model up to `semanticMaxTables` tables (the hashing embedder past it or when it is not installed); `minilm-l6-v2-int8`: the semantic model at any size; `grainline-hashing-v1` (`hashing`): the hashing embedder; any other name: that model on an OpenAI-compatible server' }),
  semanticMaxTables: withDefault(z.coerce.number().int().nonnegative(), 20_000, { env: 'GRAINLINE_SEMANTIC_MAX_TABLES', scope: 'run', what: 'the largest catalog the semantic model embeds by default (20-40 descriptions a second per core)' }),
  embeddingModelDir: optional(text, { env: 'GRAINLINE_EMBEDDING_MODEL_DIR', scope: 'worker', what: "a folder holding the semantic model's `model.onnx` and `tokenizer.json` (default `node_modules/.grainline-models/minilm-l6-v2-int8`)" }),

  // the coding model (travels as ModelConfig; the key never does)
  model: optional(text, { env: 'GRAINLINE_MODEL', flag: '--model', scope: 'run', what: 'the coding model (default `gpt-4.1-mini` once a server is configured)' }),
  modelApi: withDefault(z.string().transform((v): 'chat' | 'responses' => (v === 'responses' ? 'responses' : 'chat')), 'chat' as 'chat' | 'responses', { env: 'GRAINLINE_MODEL_API', scope: 'run', what: '`chat` (Chat Completions, json_schema) or `responses`' }),
  modelAgentic: withDefault(flagWhen('1'), false, { env: 'GRAINLINE_MODEL_AGENTIC', scope: 'run', what: '`1`: the model may call read-only repo tools' }),
  modelConcurrency: optional(positiveInt, { env: 'GRAINLINE_MODEL_CONCURRENCY', scope: 'run', what: 'model calls in flight per activity (default 8)' }),
  modelTokenBudget: optional(positiveInt, { env: 'GRAINLINE_MODEL_TOKEN_BUDGET', scope: 'run', what: 'context budget per table in estimated tokens (default 6000)' }),
  openaiBaseUrl: optional(text, { env: 'OPENAI_BASE_URL', scope: 'run', what: "the model server's URL (OpenAI-compatible); alone it turns the model on (local servers need no key)" }),
  openaiApiKey: optional(text, { env: 'OPENAI_API_KEY', scope: 'worker', what: 'the model server\'s key: turns the model on; read by each worker, never put in workflow input' }),

  // Temporal
  temporalAddress: optional(text, { env: 'TEMPORAL_ADDRESS', scope: 'command', what: 'host:port of a Temporal cluster; unset: the embedded dev server' }),
  temporalNamespace: withDefault(text, 'default', { env: 'TEMPORAL_NAMESPACE', scope: 'command', what: 'Temporal namespace' }),
  taskQueue: withDefault(text, 'grainline', { env: 'GRAINLINE_TASK_QUEUE', scope: 'command', what: 'the task queue runs are started on and workers poll' }),
  temporalTls: withDefault(flagWhen('true'), false, { env: 'TEMPORAL_TLS', scope: 'command', what: '`true`: TLS without a client certificate' }),
  temporalTlsCert: optional(text, { env: 'TEMPORAL_TLS_CERT', scope: 'command', what: 'client certificate file (turns TLS on)' }),
  temporalTlsKey: optional(text, { env: 'TEMPORAL_TLS_KEY', scope: 'command', what: 'client key file (turns TLS on)' }),
  temporalTlsServerName: optional(text, { env: 'TEMPORAL_TLS_SERVER_NAME', scope: 'command', what: 'TLS server name override' }),
  temporalApiKey: optional(text, { env: 'TEMPORAL_API_KEY', scope: 'command', what: 'API key (Temporal Cloud)' }),
  scheduleId: withDefault(text, 'grainline-nightly', { env: 'GRAINLINE_SCHEDULE_ID', scope: 'command', what: "the nightly schedule's id" }),
  cron: withDefault(text, '0 2 * * *', { env: 'GRAINLINE_CRON', scope: 'command', what: 'when the nightly run starts' }),
  timezone: withDefault(text, 'UTC', { env: 'GRAINLINE_TIMEZONE', scope: 'command', what: "the cron's time zone" }),
  catchupWindow: withDefault(text, '6h', { env: 'GRAINLINE_CATCHUP_WINDOW', scope: 'command', what: 'missed nightly runs older than this are not caught up' }),

  // the worker's machine
  analyzeThreads: optional(positiveInt, { env: 'GRAINLINE_ANALYZE_THREADS', scope: 'worker', what: "threads that analyse the repo's files and enrich shards (default one per core)" }),
  smallUnitHeapMb: withDefault(positiveInt, 192, { env: 'GRAINLINE_SMALL_UNIT_HEAP_MB', scope: 'worker', what: 'heap cap (MB) of analysis threads for small units; one that outgrows it is analysed again uncapped' }),
  crawlHeapMb: withDefault(positiveInt, 1536, { env: 'GRAINLINE_CRAWL_HEAP_MB', scope: 'worker', what: 'heap cap (MB) of the crawl thread; a repo that outgrows it is crawled again uncapped' }),
  vectorIndexMinRows: withDefault(positiveInt, 20_000, { env: 'GRAINLINE_VECTOR_INDEX_MIN_ROWS', scope: 'worker', what: 'the writer builds an IVF-PQ vector index once the catalog holds this many tables and refreshes it when a tenth of the rows changed (a flat scan costs ~1 ms CPU a search per 1k tables, the indexed one ~16 ms; the build ~170 CPU-seconds at 100k)' }),
  enrichHeapMb: withDefault(positiveInt, 384, { env: 'GRAINLINE_ENRICH_HEAP_MB', scope: 'worker', what: 'heap cap (MB) of an enrich thread; a shard that outgrows it is enriched in the worker itself' }),
  workerDir: optional(text, { env: 'GRAINLINE_WORKER_DIR', flag: '--work-dir', scope: 'worker', what: "a worker's own folder: its bare mirrors of the repo and its analysis caches (default: the db's `_grainline/` for a local db, else `$XDG_CACHE_HOME/grainline`)" }),
  workerActivities: withDefault(positiveInt, 16, { env: 'GRAINLINE_WORKER_ACTIVITIES', scope: 'worker', what: "activities one worker runs at once (a run's shards in flight and its side activities)" }),

  // what it reads
  ...limitSettings,
} satisfies Record<string, Setting<unknown>>;

export type SettingName = keyof typeof SETTINGS;
/** Every setting's resolved value. */
export type Settings = { [K in SettingName]: (typeof SETTINGS)[K] extends Setting<infer T> ? T : never };
/** What `temporal.config.ts` may set: any setting, by name. */
export type ConfigFile = Partial<Settings>;

/**
 * Read by their own code, outside this table: the postinstall scripts run before
 * anything is compiled, and the launcher before any module loads.
 */
export const OUTSIDE_THE_TABLE = [
  { env: 'TEMPORAL_CLI_PATH', what: 'a Temporal CLI binary to run the dev server with (default: on PATH, else `.temporal/`); read by `cli/temporal-cli.mjs`, which the postinstall shares' },
  { env: 'GRAINLINE_FROM_SOURCE', what: '`bin/grainline.js` runs the TypeScript sources even when `dist/` is fresh' },
  { env: 'GRAINLINE_KILL_AT', what: 'tests only: the process kills itself at this named point (`infra/store/kill-point.ts`)' },
] as const;
