import { appendFileSync, existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ModelConfig } from '../enrichers/model/config.js';
import { totalsOf, type ModelRunTotals } from '../enrichers/model/result.js';
import { ModelResult } from '../schemas/model-answer.js';
import {
  buildIndex,
  loadCatalogView,
  loadPrevious,
  readJsonLines,
  readPartialResults,
  readShard,
  snapshotOf,
  writeJsonLines,
} from '../infra/model/model-io.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import { answerTables } from '../infra/model/model-step.js';

export interface ModelShardInput {
  runDir: string;
  shardPath: string;
  config: ModelConfig;
  /** the repo snapshot the entries' files are relative to; default `${runDir}/snapshot` */
  snapshotDir?: string;
  /** fingerprints.jsonl of the last run (see finishModelRun) */
  previousFingerprints?: string;
}

export interface ModelShardStats {
  outputPath: string;
  tables: number;
  /** model requests made by this activity call */
  requests: number;
  reused: number;
  failed: number;
}

/*
 * Every export of this module and of model-batch.ts is an activity (types aside), so
 * the worker can register `{ ...modelActivities, ...modelBatchActivities }` as is.
 */

/** Heartbeats and attempt numbers exist only inside a Temporal activity; direct calls get no-ops. */
function activityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}

/** Writes `${runDir}/model/catalog-index.jsonl`: names, columns and one-line summaries of every table. */
export async function indexModelCatalog(input: { runDir: string; shardPaths: string[] }): Promise<{ indexPath: string }> {
  return { indexPath: await buildIndex(input.runDir, input.shardPaths) };
}

/**
 * Sync mode, one shard: every table not already done (previous fingerprint, a batch
 * result, or an earlier attempt of this activity) is sent to the model with bounded
 * concurrency, verified and appended to the shard's partial file as it completes. So a
 * retry never redoes finished tables, and one failing table costs only itself.
 * Per table: 5xx/timeouts retried in-process up to maxAttemptsPerTable, then the table
 * keeps its static facts with a warning. A rate limit that persists (or asks for more
 * than maxInlineRetryAfterMs) stops this attempt with ApplicationFailure
 * 'ModelRateLimited' and nextRetryDelay = the server's retry-after, so Temporal waits
 * instead of a worker slot; on the last Temporal attempt it becomes warnings instead,
 * because the run must complete even when the model never answers.
 */
export async function enrichTablesWithModel(input: ModelShardInput): Promise<ModelShardStats> {
  const { runDir, shardPath, config } = input;
  const paths = runPaths(runDir).model;
  const outputPath = paths.output(shardPath);
  const partial = paths.partial(shardPath);
  const entries = await readShard(shardPath);
  if (existsSync(outputPath)) return statsOf(outputPath, await readJsonLines(outputPath, (v) => ModelResult.parse(v)), 0);

  await mkdir(paths.dir, { recursive: true });
  const ctx = activityContext();
  const { results, requests, escalation } = await answerTables({
    entries,
    view: await loadCatalogView(runDir),
    config,
    snapshotDir: snapshotOf(input),
    previous: await loadPrevious(input.previousFingerprints, new Set(entries.map((e) => e.id))),
    done: new Map(readPartialResults(partial).map((r) => [r.id, r])),
    mayEscalate: (ctx?.info.attempt ?? 1) < config.activityAttempts,
    onResult: (r) => appendFileSync(partial, JSON.stringify(r) + '\n'),
    onProgress: (done, of) => ctx?.heartbeat({ done, of }),
  });
  if (escalation)
    throw ApplicationFailure.create({
      type: 'ModelRateLimited',
      message: `rate limited after ${results.length}/${entries.length} tables: ${escalation.message}`,
      nextRetryDelay: Math.max(1000, escalation.delayMs),
    });

  await writeJsonLines(outputPath, results);
  await rm(partial, { force: true });
  return statsOf(outputPath, results, requests);
}

function statsOf(outputPath: string, results: ModelResult[], requests: number): ModelShardStats {
  return {
    outputPath,
    tables: results.length,
    requests,
    reused: results.filter((r) => r.reused).length,
    failed: results.filter((r) => !r.fact && r.warnings.length > 0).length,
  };
}

/**
 * After every shard: writes `${runDir}/model/fingerprints.jsonl` (previous successes,
 * overridden by this run's) for the next run's skip decision, and totals for the run
 * record (requests, tokens, estimated cost).
 */
export async function finishModelRun(input: {
  runDir: string;
  outputPaths: string[];
  model: string;
  previousFingerprints?: string;
}): Promise<ModelRunTotals & { fingerprintsPath: string }> {
  const latest = new Map<string, ModelResult>();
  if (input.previousFingerprints && existsSync(input.previousFingerprints))
    for (const r of readPartialResults(input.previousFingerprints)) latest.set(r.id, r);
  const results: ModelResult[] = [];
  for (const p of input.outputPaths) results.push(...(await readJsonLines(p, (v) => ModelResult.parse(v))));
  for (const r of results) if (r.fact) latest.set(r.id, r);
  const path = runPaths(input.runDir).model.fingerprints;
  await writeJsonLines(path, [...latest.values()]);
  return { ...totalsOf(results, input.model), fingerprintsPath: path };
}
