import type * as activities from '../activities/index.js';
import type { DbtArtifactInput } from '../infra/git/repo-files.js';
import type { ModelConfig } from '../enrichers/model/config.js';
import type { RunConfig } from '../infra/config/run-config.js';
import type { RunRecord, RunSummary } from '../schemas/run-record.js';
import { mergeSummaries, summarizeWarnings } from '../enrichers/warnings-summary.js';
import { runPaths, statePaths } from '../infra/run-folder/run-paths.js';
import type { ModelEnrichmentInput, ModelEnrichmentResult } from './model-enrichment.js';
import { addTotals, enrichShardGroup, NO_TOTALS, runLanes, type ShardGroupInput, type ShardTotals } from './shard-group.js';

/**
 * The run's orchestration, written once: the Temporal workflow calls it with
 * activity proxies, the direct runner (diff, benchmarks) with the plain functions.
 * It must stay deterministic: no I/O, no Node modules, time only from `now()`.
 */
export type Activities = Pick<
  typeof activities,
  'crawlRepo' | 'planRun' | 'resolveTables' | 'aggregateUsage' | 'resolveAnnotations' | 'enrichShard' | 'writeRecords' | 'recordRun'
> & {
  /** the model step: a child workflow under Temporal, plain activity calls in-process */
  modelEnrich(input: ModelEnrichmentInput): Promise<ModelEnrichmentResult>;
  /** a group of shards: a child workflow under Temporal; absent, the group runs in-process */
  enrichShards?(group: ShardGroupInput): Promise<ShardTotals>;
};

/** Knobs with defaults sized for 100k tables; tests and benchmarks turn them. */
export interface Tuning {
  /** tables per catalog shard (one enrich activity each) */
  shardSize?: number;
  /** shards per child workflow */
  shardsPerGroup?: number;
  /** rows per LanceDB commit */
  writeBatch?: number;
  /** how long an activity may stay silent before its worker is presumed dead and it is retried */
  heartbeatTimeout?: string;
  /** history length at which a shard group continues as new */
  maxHistoryEvents?: number;
}

export interface EnrichInput {
  /** a git URL every worker can fetch (each reads it from its own mirror), or a path on a single host */
  repo: string;
  ref: string;
  dbUri: string;
  /**
   * the run folders' parent, `<db>/_grainline` beside a local catalog (so every worker
   * that reaches the catalog reaches them); a local work folder for a remote one
   */
  stateDir: string;
  /** defaults to one derived from the start time (scheduled runs have no one to choose it) */
  runId?: string;
  full: boolean;
  /** enrich only these tables (names as a query would write them) */
  tables?: string[];
  /** re-enrich these whatever their fingerprint */
  force?: string[];
  /** with `tables`: also re-enrich everything downstream of them */
  withDownstream?: boolean;
  usagePaths: string[];
  /** a folder on the host, or a relative one: that folder of the repo at the pinned commit */
  annotationsDir: string;
  maxFileBytes: number;
  /** dbt artifacts (host paths) and target from the command line: read in the crawl */
  dbt?: DbtArtifactInput;
  /** the run's limits and embedder choice, resolved once (infra/config); absent in runs started before it existed */
  config?: RunConfig;
  /** null or absent: static enrichment only */
  model?: ModelConfig | null;
  modelMode?: 'sync' | 'batch';
  tuning?: Tuning;
}

export interface Progress {
  stage: string;
  shardsDone: number;
  shards: number;
}

/**
 * Shards in flight at once (groups × shards within a group): enough that the enrich
 * threads always have the next shard while each activity makes its round trip
 * through Temporal (on a nightly run most shards have little to enrich). A thread
 * takes one shard at a time, so a shard waiting its turn holds no memory.
 */
const GROUP_CONCURRENCY = 2;
const SHARD_CONCURRENCY_PER_GROUP = 8;
/** 50 shards of 2000 tables: a 100k-table run is 1 child workflow (and one for the remainder) of ~400 events. */
const SHARDS_PER_GROUP = 50;

export async function runPipeline(
  acts: Activities,
  args: EnrichInput,
  opts: { now: () => Date; runSuffix: string; progress: Progress },
): Promise<RunSummary> {
  const startedAt = opts.now();
  const runId = args.runId ?? `${startedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${opts.runSuffix}`;
  const input = { ...args, runId, runDir: statePaths(args.stateDir).run(runId) };
  try {
    return await runStages(acts, input, opts, startedAt);
  } catch (err) {
    // a failed run is recorded too, so `grainline runs` shows why; the failure itself goes on up
    const run: RunRecord = {
      ...failedRecord(input, startedAt.toISOString(), opts.now()),
      error: failureMessage(err),
    };
    await acts.recordRun({ dbUri: input.dbUri, run }).catch(() => undefined);
    throw err;
  }
}

async function runStages(
  acts: Activities,
  input: EnrichInput & { runId: string; runDir: string },
  opts: { now: () => Date; progress: Progress },
  startedAt: Date,
): Promise<RunSummary> {
  const { progress } = opts;
  const { runId } = input;

  progress.stage = 'crawl';
  const crawl = await acts.crawlRepo({
    repo: input.repo,
    ref: input.ref,
    runDir: input.runDir,
    maxFileBytes: input.maxFileBytes,
    snapshot: !!input.model,
    shardSize: input.tuning?.shardSize,
    // the worker keeps its caches in its own dir: no host path crosses the workflow
    dbUri: input.dbUri,
    dbt: input.dbt,
    config: input.config,
  });
  progress.stage = 'plan';
  progress.shards = crawl.shards;
  const partial = !!input.tables?.length;
  // the ids go to the run folder once; each shard reads them there
  if (partial) await acts.resolveTables({ runDir: input.runDir, tables: input.tables!, withDownstream: !!input.withDownstream, force: !!input.force });
  await acts.planRun({ dbUri: input.dbUri, runDir: input.runDir, partial });
  const now = startedAt.toISOString();
  const side = await Promise.all([
    input.usagePaths.length ? acts.aggregateUsage({ runDir: input.runDir, usagePaths: input.usagePaths, now, config: input.config }) : null,
    acts.resolveAnnotations({ runDir: input.runDir, dir: input.annotationsDir, dbUri: input.dbUri, config: input.config, repo: input.repo, commit: crawl.commit }),
  ]);

  const model = input.model ? await modelStep(acts, input, crawl.shardPaths, input.model) : null;

  progress.stage = 'enrich';
  const perGroup = input.tuning?.shardsPerGroup ?? SHARDS_PER_GROUP;
  const group = (first: number): ShardGroupInput => ({
    shard: { runDir: input.runDir, commit: crawl.commit, runId, full: input.full, selected: partial, now, catalogTables: crawl.tables, embedder: crawl.embedder },
    first,
    count: Math.min(perGroup, crawl.shards - first),
    concurrency: SHARD_CONCURRENCY_PER_GROUP,
    heartbeatTimeout: input.tuning?.heartbeatTimeout,
    maxHistoryEvents: input.tuning?.maxHistoryEvents,
  });
  const inProcess = async (g: ShardGroupInput) =>
    (await enrichShardGroup(acts.enrichShard, g, { onShardDone: () => progress.shardsDone++ })).totals;
  let totals = NO_TOTALS;
  await runLanes(0, Math.ceil(crawl.shards / perGroup), GROUP_CONCURRENCY, async (g) => {
    const done = await (acts.enrichShards ?? inProcess)(group(g * perGroup));
    totals = addTotals(totals, done);
  });

  progress.stage = 'write';
  const written = await acts.writeRecords({
    dbUri: input.dbUri,
    runDir: input.runDir,
    runId,
    writeBatch: input.tuning?.writeBatch,
    catalogTables: crawl.tables,
    embedder: crawl.embedder,
    // model answers are remembered only once the records built from them are committed
    modelFingerprints: model?.fingerprintsPath ? { from: model.fingerprintsPath, to: statePaths(input.stateDir).modelFingerprints } : undefined,
  });
  const warned = mergeSummaries([
    crawl.warningSummary,
    ...side.map((x) => (x ? summarizeWarnings(x.warnings) : undefined)),
    model?.failure ? summarizeWarnings([{ file: '(model)', code: 'model-step-failed', message: model.failure }]) : undefined,
  ]);
  const summary: RunSummary = {
    runId,
    commit: crawl.commit,
    tables: crawl.tables,
    enriched: totals.enriched,
    skipped: totals.skipped,
    failed: totals.failed,
    warnings: crawl.warnings + side.reduce((n, s) => n + (s?.warnings.length ?? 0), 0) + (model?.warnings ?? 0),
    warningCodes: warned.counts,
    warningSample: warned.sample,
    durationMs: opts.now().getTime() - startedAt.getTime(),
  };
  await acts.recordRun({
    dbUri: input.dbUri,
    run: {
      ...summary,
      repo: input.repo,
      ref: input.ref,
      startedAt: now,
      finishedAt: opts.now().toISOString(),
      status: 'succeeded',
      lanceVersion: written.version,
      embedder: written.embedder,
      modelRequests: model?.requests ?? 0,
      inputTokens: model?.tokens.input ?? 0,
      outputTokens: model?.tokens.output ?? 0,
      cachedTokens: model?.tokens.cached ?? 0,
      estimatedCostUsd: model?.estimatedCostUsd ?? 0,
      annotations: side[1]?.records ?? 0,
      error: null,
    },
  });
  progress.stage = 'done';
  return summary;
}

interface ModelStepResult {
  requests: number;
  tokens: { input: number; output: number; cached: number };
  estimatedCostUsd: number;
  warnings: number;
  /** why the model step failed outright, when it did */
  failure?: string;
  fingerprintsPath?: string;
}

function failedRecord(input: EnrichInput & { runId: string }, startedAt: string, now: Date): RunRecord {
  return {
    runId: input.runId,
    commit: '',
    tables: 0,
    enriched: 0,
    skipped: 0,
    failed: 0,
    warnings: 0,
    warningCodes: {},
    warningSample: [],
    durationMs: now.getTime() - new Date(startedAt).getTime(),
    repo: input.repo,
    ref: input.ref,
    startedAt,
    finishedAt: now.toISOString(),
    status: 'failed',
    lanceVersion: null,
    embedder: '',
    modelRequests: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    estimatedCostUsd: 0,
    annotations: 0,
    error: null,
  };
}

/** Temporal wraps an activity's error in ActivityFailure; the innermost cause says what happened. */
export function failureMessage(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return e?.message ?? String(err);
}

/**
 * The model is an extra, never a dependency: if its step fails outright (the server
 * is down, a file is unreadable), the run goes on with static facts and says so.
 */
async function modelStep(
  acts: Activities,
  input: EnrichInput & { runDir: string },
  shardPaths: string[],
  config: ModelConfig,
): Promise<ModelStepResult> {
  try {
    const r = await acts.modelEnrich({
      runDir: input.runDir,
      shardPaths,
      config,
      mode: input.modelMode ?? 'sync',
      previousFingerprints: statePaths(input.stateDir).modelFingerprints,
      snapshotDir: runPaths(input.runDir).snapshot,
    });
    return { requests: r.requests, tokens: r.tokens, estimatedCostUsd: r.estimatedCostUsd, warnings: r.failed, fingerprintsPath: r.fingerprintsPath };
  } catch (err) {
    return { requests: 0, tokens: { input: 0, output: 0, cached: 0 }, estimatedCostUsd: 0, warnings: 1, failure: failureMessage(err) };
  }
}
