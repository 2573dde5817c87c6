import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunSummary } from '../schemas/run-record.js';
import { UserError } from '../infra/errors.js';
import type { DbtArtifactInput } from '../infra/git/repo-files.js';
import { withLock } from '../infra/store/write-lock.js';
import { statePaths } from '../infra/run-folder/run-paths.js';
import type { EnrichInput } from '../workflows/enrich.js';
import { STATIC_ONLY_NOTICE, type ModelConfig } from '../enrichers/model/config.js';
import { uploadRunInputs } from '../infra/run-folder/run-inputs.js';
import { checkSideInputs, ensureWritableDb, newRunId, runSettings, stateDirFor } from './options.js';
import { ProgressReporter } from './progress.js';
import { openTemporal, type TemporalHandle } from './temporal-runtime.js';
import { checkRepoRef, repoTarget } from './repo-target.js';
import { temporalConfig } from '../infra/config/temporal-settings.js';

export interface EnrichmentOptions {
  repo: string;
  ref?: string;
  dbUri: string;
  full?: boolean;
  tables?: string[];
  force?: string[];
  withDownstream?: boolean;
  usagePaths?: string[];
  annotationsDir?: string;
  /** dbt artifacts (absolute host paths) and target: read in the crawl */
  dbt?: DbtArtifactInput;
  quiet?: boolean;
  /** a model config (see cli/model-options.ts); null or absent: static only */
  model?: ModelConfig | null;
  modelMode?: 'sync' | 'batch';
  /** say once, after the inputs are checked, that the run is static-only */
  staticNotice?: boolean;
  /** seconds to wait for another run on the same db to finish; 0: exit 2 at once, naming it */
  waitSeconds?: number;
  /** reuse a running Temporal connection (tests, `grainline up`) */
  temporal?: TemporalHandle;
  workflowId?: string;
  /** start the run on a cluster's workers and wait for its summary, with no worker here */
  submitOnly?: boolean;
}

/** Runs one enrichment workflow on a worker started in this process. */
export async function runEnrichment(opts: EnrichmentOptions): Promise<RunSummary> {
  if (opts.submitOnly && !opts.temporal && !temporalConfig().address) {
    throw new UserError('--submit-only runs on a cluster\'s workers: set TEMPORAL_ADDRESS');
  }
  const { repo } = repoTarget(opts.repo, opts.annotationsDir);
  checkSideInputs(opts);
  await checkRepoRef(repo, opts.ref ?? 'HEAD');
  ensureWritableDb(opts.dbUri);
  if (opts.staticNotice) console.error(`grainline: ${STATIC_ONLY_NOTICE}`);
  const stateDir = stateDirFor(opts.dbUri);
  const runId = newRunId();
  if (opts.temporal) return runLocked(opts, repo, stateDir, runId); // a shared server: its write lock orders the writers
  // one run per db from the command line: two would share the embedded server's state and race the write
  return withLock(statePaths(stateDir).runLock, runId, (opts.waitSeconds ?? 0) * 1000, () => runLocked(opts, repo, stateDir, runId), (holder) => {
    const who = holder ? `run ${holder.owner}, pid ${holder.pid} on ${holder.host}, started ${holder.at}` : 'another run';
    throw new UserError(`${opts.dbUri} is busy: ${who}. Wait for it, or pass --wait SECONDS`);
  });
}

async function runLocked(opts: EnrichmentOptions, repo: string, stateDir: string, runId: string): Promise<RunSummary> {
  const ref = opts.ref ?? 'HEAD';
  await pruneOldRuns(statePaths(stateDir).runs);

  const input: EnrichInput = {
    repo,
    ref,
    dbUri: opts.dbUri,
    stateDir,
    runId,
    full: !!opts.full,
    tables: opts.tables?.length ? opts.tables : undefined,
    force: opts.force,
    withDownstream: opts.withDownstream,
    ...runSettings(),
    model: opts.model ?? null,
    modelMode: opts.modelMode,
    // host files travel through the run's folder under the catalog; the input names them there
    ...(await uploadRunInputs(statePaths(stateDir).run(runId), {
      usagePaths: (opts.usagePaths ?? []).map((p) => resolve(p)),
      annotationsDir: repoTarget(repo, opts.annotationsDir).annotationsDir,
      ...(opts.dbt ? { dbt: opts.dbt } : {}),
    })),
  };
  // Side by side: the dev server starting (a child process), the activities' modules
  // loading and the workflow bundle read from its cache: each waits on something else.
  const workerModule = opts.submitOnly ? null : import('./worker.js').then(async (w) => (await w.workflowBundle(stateDir), w));
  workerModule?.catch(() => undefined); // awaited below; a failure must not surface twice
  const temporal = opts.temporal ?? (await openTemporal({ stateDir }));
  const progress = new ProgressReporter(opts.quiet);
  try {
    // Started before the worker exists: a refused start (a backfill of that table is
    // running) leaves no worker behind to keep the process alive.
    const handle = await temporal.client.workflow.start('enrichWorkflow', {
      taskQueue: temporal.config.taskQueue,
      workflowId: opts.workflowId ?? `grainline-enrich-${runId}`,
      args: [input],
    });
    const finished = async () => {
      // One progress query at a time, and none left in flight when the connection
      // closes: a query still retrying against a closed channel crashes the process.
      let done = false;
      const polling = (async () => {
        while (!done) {
          await handle
            .query<{ stage: string; shardsDone: number; shards: number }>('progress')
            .then((p) => progress.update(p.stage, p.shardsDone, p.shards))
            .catch(() => undefined);
          await sleep(500);
        }
      })();
      try {
        return (await handle.result()) as RunSummary;
      } finally {
        done = true;
        await polling;
      }
    };
    if (!workerModule) return await finished();
    const worker = await (await workerModule).createWorker(temporal);
    return await worker.runUntil(finished);
  } catch (err) {
    throw userErrorIn(err) ?? err;
  } finally {
    progress.done();
    // the command ends with this run: the server stops on its own, and the next one on this db waits for it
    if (!opts.temporal) await temporal.close({ waitForServer: false });
  }
}

/** A UserError thrown in an activity arrives wrapped in workflow and activity failures. */
export function userErrorIn(err: unknown): UserError | undefined {
  for (let e = err as { cause?: unknown; type?: string; message?: string } | undefined; e; e = e.cause as typeof e) {
    if (e instanceof UserError || e.type === 'UserError') return new UserError(e.message ?? 'error');
  }
  return undefined;
}

/** Keeps the newest few run folders for debugging; manifests of old runs are dead weight. */
async function pruneOldRuns(dir: string, keep = 3): Promise<void> {
  if (!existsSync(dir)) return;
  const runs = (await readdir(dir)).sort();
  for (const r of runs.slice(0, Math.max(0, runs.length - keep))) await rm(join(dir, r), { recursive: true, force: true });
}
