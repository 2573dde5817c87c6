import type * as activities from '../activities/index.js';
import type { RunSummary } from '../schemas/run-record.js';

/**
 * The run's orchestration, written once: the Temporal workflow calls it with
 * activity proxies, the direct runner (diff, benchmarks) with the plain functions.
 * It must stay deterministic: no I/O, no Node modules, time only from `now()`.
 */
export type Activities = Pick<
  typeof activities,
  'crawlRepo' | 'planRun' | 'resolveTables' | 'aggregateUsage' | 'resolveAnnotations' | 'enrichShard' | 'writeRecords' | 'recordRun'
>;

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
  const crawl = await acts.crawlRepo({ repo: input.repo, ref: input.ref, runDir: input.runDir, maxFileBytes: input.maxFileBytes });
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
  const written = await acts.writeRecords({ dbUri: input.dbUri, runDir: input.runDir, runId, recordPaths });
  const summary: RunSummary = {
    runId,
    commit: crawl.commit,
    tables: crawl.tables,
    enriched: sum(results.map((r) => r.enriched)),
    skipped: sum(results.map((r) => r.skipped)),
    failed: sum(results.map((r) => r.failed)),
    warnings: crawl.warnings + side.reduce((n, s) => n + (s?.warnings.length ?? 0), 0),
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
      modelRequests: 0,
      inputTokens: 0,
      outputTokens: 0,
      cachedTokens: 0,
      estimatedCostUsd: 0,
      warningSample: [],
    },
  });
  progress.stage = 'done';
  return summary;
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
