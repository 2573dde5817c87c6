import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as batchActivities from '../activities/model-batch.js';
import type * as modelActivities from '../activities/model.js';
import type { ModelConfig } from '../enrichers/model/config.js';
import type { ModelRunTotals } from '../enrichers/model/result.js';

export interface ModelEnrichmentInput {
  runDir: string;
  shardPaths: string[];
  config: ModelConfig;
  mode: 'sync' | 'batch';
  /** fingerprints.jsonl written by the previous run's finishModelRun */
  previousFingerprints?: string;
  /** repo snapshot the catalog's file paths are relative to; default `${runDir}/snapshot` */
  snapshotDir?: string;
  /** model activities run here, so a worker with few slots bounds calls in flight */
  taskQueue?: string;
}

export interface ModelEnrichmentResult extends ModelRunTotals {
  outputPaths: string[];
  fingerprintsPath: string;
  batches: { submitted: number; ingested: number; fellBackToSync: number; statuses: Record<string, number> };
}

/**
 * The model step of a run, as a child workflow: only paths and counts cross its
 * boundary. Batch mode submits one Batch job per shard, sleeps durably between polls,
 * ingests what came back, and then runs the sync activity on every shard, which only
 * calls the model for what the batch did not answer (failed, expired, invalid).
 */
export async function modelEnrichmentWorkflow(input: ModelEnrichmentInput): Promise<ModelEnrichmentResult> {
  const { runDir, shardPaths, config, previousFingerprints, snapshotDir } = input;
  const model = proxyActivities<typeof modelActivities>({
    taskQueue: input.taskQueue,
    startToCloseTimeout: '4 hours',
    heartbeatTimeout: '10 minutes',
    // ModelRateLimited carries the server's retry-after as nextRetryDelay
    retry: { maximumAttempts: config.activityAttempts, initialInterval: '10 seconds', backoffCoefficient: 2 },
  });
  const batch = proxyActivities<typeof batchActivities>({
    taskQueue: input.taskQueue,
    startToCloseTimeout: '30 minutes',
    retry: { maximumAttempts: 10, initialInterval: '10 seconds', maximumInterval: '10 minutes' },
  });
  const shardInput = (shardPath: string) => ({ runDir, shardPath, config, previousFingerprints, snapshotDir });

  await model.indexModelCatalog({ runDir, shardPaths });

  const batches = { submitted: 0, ingested: 0, fellBackToSync: 0, statuses: {} as Record<string, number> };
  if (input.mode === 'batch') {
    const submitted = await Promise.all(shardPaths.map((p) => batch.submitModelBatch(shardInput(p))));
    let pending = submitted.filter((s): s is typeof s & { batchId: string } => s.batchId !== null);
    batches.submitted = pending.length;
    let waited = 0;
    while (pending.length) {
      if (waited >= config.batchMaxWaitSeconds) {
        // whatever the stuck batches would have answered, the sync fallback answers now
        await batch.cancelModelBatches({ config, batchIds: pending.map((p) => p.batchId) });
        batches.statuses.abandoned = pending.length;
        break;
      }
      await sleep(config.batchPollSeconds * 1000);
      waited += config.batchPollSeconds;
      const polls = await batch.pollModelBatches({ config, batchIds: pending.map((p) => p.batchId) });
      const finished = pending.filter((p) => polls.find((x) => x.batchId === p.batchId)?.terminal);
      for (const f of finished) {
        const status = polls.find((x) => x.batchId === f.batchId)!.status;
        batches.statuses[status] = (batches.statuses[status] ?? 0) + 1;
        const got = await batch.ingestModelBatch({ ...shardInput(f.shardPath), batchId: f.batchId });
        batches.ingested += got.ingested;
        batches.fellBackToSync += got.missing;
      }
      pending = pending.filter((p) => !finished.includes(p));
    }
  }

  const stats = await Promise.all(shardPaths.map((p) => model.enrichTablesWithModel(shardInput(p))));
  const outputPaths = stats.map((s) => s.outputPath);
  const totals = await model.finishModelRun({ runDir, outputPaths, model: config.model, previousFingerprints });
  return { ...totals, outputPaths, batches };
}
