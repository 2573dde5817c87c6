import type * as activities from '../activities/index.js';
import type { ModelConfig } from '../enrichers/model/config.js';
import type { RunSummary } from '../schemas/run-record.js';
import type { ModelEnrichmentInput, ModelEnrichmentResult } from './model-enrichment.js';

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
};

export interface EnrichInput {
  repo: string;
  ref: string;
  dbUri: string;
  /** local folder for run manifests; this run's go to `<stateDir>/runs/<runId>` */
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
  annotationsDir: string;
  maxFileBytes: number;
  /** null or absent: static enrichment only */
  model?: ModelConfig | null;
  modelMode?: 'sync' | 'batch';
}

export interface Progress {
  stage: string;
  shardsDone: number;
  shards: number;
}

/** Shards in flight at once: enough to overlap I/O, few enough to bound memory. */
const SHARD_CONCURRENCY = 4;

export async function runPipeline(
  acts: Activities,
  args: EnrichInput,
  opts: { now: () => Date; runSuffix: string; progress: Progress },
): Promise<RunSummary> {
  const { progress } = opts;
  const startedAt = opts.now();
  const runId = args.runId ?? `${startedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${opts.runSuffix}`;
  const input = { ...args, runId, runDir: `${args.stateDir}/runs/${runId}` };

  progress.stage = 'crawl';
  const crawl = await acts.crawlRepo({
    repo: input.repo,
    ref: input.ref,
    runDir: input.runDir,
    maxFileBytes: input.maxFileBytes,
    snapshot: !!input.model,
  });
  progress.stage = 'plan';
  progress.shards = crawl.shards;
  const partial = !!input.tables?.length;
  if (partial) {
    const ids = await acts.resolveTables({ runDir: input.runDir, tables: input.tables!, withDownstream: !!input.withDownstream });
    input.tables = ids;
    if (input.force) input.force = ids;
  }
  await acts.planRun({ dbUri: input.dbUri, runDir: input.runDir, partial });
  const now = startedAt.toISOString();
  const side = await Promise.all([
    input.usagePaths.length ? acts.aggregateUsage({ runDir: input.runDir, usagePaths: input.usagePaths, now }) : null,
    acts.resolveAnnotations({ runDir: input.runDir, dir: input.annotationsDir }),
  ]);

  const model = input.model ? await modelStep(acts, input, crawl.shardPaths, input.model) : null;

  progress.stage = 'enrich';
  const results = await runBounded(crawl.shards, SHARD_CONCURRENCY, async (shard) => {
    const r = await acts.enrichShard({
      runDir: input.runDir,
      shard,
      commit: crawl.commit,
      runId,
      full: input.full,
      only: input.tables,
      force: input.force,
      now,
    });
    progress.shardsDone++;
    return r;
  });

  progress.stage = 'write';
  const recordPaths = results.map((r) => r.recordsPath).filter((p): p is string => !!p);
  const written = await acts.writeRecords({
    dbUri: input.dbUri,
    runDir: input.runDir,
    runId,
    recordPaths,
    // model answers are remembered only once the records built from them are committed
    modelFingerprints: model?.fingerprintsPath ? { from: model.fingerprintsPath, to: modelStatePath(input.stateDir) } : undefined,
  });
  const summary: RunSummary = {
    runId,
    commit: crawl.commit,
    tables: crawl.tables,
    enriched: sum(results.map((r) => r.enriched)),
    skipped: sum(results.map((r) => r.skipped)),
    failed: sum(results.map((r) => r.failed)),
    warnings: crawl.warnings + side.reduce((n, s) => n + (s?.warnings.length ?? 0), 0) + (model?.warnings ?? 0),
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
      warningSample: [],
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
  fingerprintsPath?: string;
}

const modelStatePath = (stateDir: string) => `${stateDir}/model-fingerprints.jsonl`;

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
      previousFingerprints: modelStatePath(input.stateDir),
      snapshotDir: `${input.runDir}/snapshot`,
    });
    return { requests: r.requests, tokens: r.tokens, estimatedCostUsd: r.estimatedCostUsd, warnings: r.failed, fingerprintsPath: r.fingerprintsPath };
  } catch {
    return { requests: 0, tokens: { input: 0, output: 0, cached: 0 }, estimatedCostUsd: 0, warnings: 1 };
  }
}

async function runBounded<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, n) }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  });
  await Promise.all(lanes);
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
