import { ApplicationFailure, log, proxyActivities, setHandler, defineQuery, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities/index.js';
import type { RunSummary } from '../schemas/run-record.js';

export interface EnrichInput {
  repo: string;
  ref: string;
  dbUri: string;
  /** working folder for this run's manifests (JSON Lines) */
  runDir: string;
  runId: string;
  full: boolean;
  /** enrich only these tables (names as a query would write them) */
  tables?: string[];
  /** re-enrich these whatever their fingerprint */
  force?: string[];
  usagePaths: string[];
  annotationsDir: string;
  maxFileBytes: number;
}

export interface Progress {
  stage: string;
  shardsDone: number;
  shards: number;
}

export const progressQuery = defineQuery<Progress>('progress');

const { crawlRepo, planRun, aggregateUsage, resolveAnnotations, writeRecords, recordRun } = proxyActivities<
  typeof activities
>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['UserError'] },
});

const { enrichShard } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['UserError'] },
});

/** Shards in flight at once: enough to overlap I/O, few enough to bound memory. */
const SHARD_CONCURRENCY = 4;

/**
 * One enrichment run: crawl → plan → side inputs → enrich shards → write → run record.
 * Only paths and counts cross the workflow boundary; the data lives in the run folder.
 */
export async function enrichWorkflow(input: EnrichInput): Promise<RunSummary> {
  const startedAt = new Date();
  const progress: Progress = { stage: 'crawl', shardsDone: 0, shards: 0 };
  setHandler(progressQuery, () => progress);

  const crawl = await crawlRepo({ repo: input.repo, ref: input.ref, runDir: input.runDir, maxFileBytes: input.maxFileBytes });
  progress.stage = 'plan';
  progress.shards = crawl.shards;
  const partial = !!input.tables?.length;
  await planRun({ dbUri: input.dbUri, runDir: input.runDir, partial });
  const now = startedAt.toISOString();
  const side = await Promise.all([
    input.usagePaths.length ? aggregateUsage({ runDir: input.runDir, usagePaths: input.usagePaths, now }) : null,
    resolveAnnotations({ runDir: input.runDir, dir: input.annotationsDir }),
  ]);

  progress.stage = 'enrich';
  const results = await runBounded(crawl.shards, SHARD_CONCURRENCY, async (shard) => {
    const r = await enrichShard({
      runDir: input.runDir,
      shard,
      commit: crawl.commit,
      runId: input.runId,
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
  const written = await writeRecords({ dbUri: input.dbUri, runDir: input.runDir, runId: input.runId, recordPaths });
  const enriched = sum(results.map((r) => r.enriched));
  const summary: RunSummary = {
    runId: input.runId,
    commit: crawl.commit,
    tables: crawl.tables,
    enriched,
    skipped: sum(results.map((r) => r.skipped)),
    failed: sum(results.map((r) => r.failed)),
    warnings: crawl.warnings + side.reduce((n, s) => n + (s?.warnings.length ?? 0), 0),
    durationMs: Date.now() - startedAt.getTime(),
  };
  await recordRun({
    dbUri: input.dbUri,
    run: {
      ...summary,
      repo: input.repo,
      ref: input.ref,
      startedAt: now,
      finishedAt: new Date().toISOString(),
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
  log.info('enrichment finished', { ...summary, workflowId: workflowInfo().workflowId });
  if (summary.failed && !enriched) throw ApplicationFailure.nonRetryable(`every table failed to enrich (${summary.failed})`);
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
