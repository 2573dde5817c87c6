import { randomUUID } from 'node:crypto';
import * as activities from '../activities/index.js';
import type { RunSummary } from '../schemas/run-record.js';
import type { ModelEnrichmentInput, ModelEnrichmentResult } from '../workflows/model-enrichment.js';
import { runPipeline, type EnrichInput, type Progress } from '../workflows/pipeline.js';

/**
 * The same pipeline as the workflow, called in-process without Temporal: for
 * `grainline diff` (a PR check must not need a server) and for measuring what
 * Temporal costs on top of the work itself.
 */
export async function runDirect(input: EnrichInput, progress?: Progress): Promise<RunSummary> {
  return runPipeline({ ...activities, modelEnrich: modelInProcess }, input, {
    now: () => new Date(),
    runSuffix: randomUUID().slice(0, 8),
    progress: progress ?? { stage: 'start', shardsDone: 0, shards: 0 },
  });
}

/** Sync model calls, shard after shard: batch mode needs durable sleeps, so Temporal. */
async function modelInProcess(input: ModelEnrichmentInput): Promise<ModelEnrichmentResult> {
  const { runDir, shardPaths, config, previousFingerprints, snapshotDir } = input;
  await activities.indexModelCatalog({ runDir, shardPaths });
  const outputPaths: string[] = [];
  for (const shardPath of shardPaths) {
    outputPaths.push((await activities.enrichTablesWithModel({ runDir, shardPath, config, previousFingerprints, snapshotDir })).outputPath);
  }
  const totals = await activities.finishModelRun({ runDir, outputPaths, model: config.model, previousFingerprints });
  return { ...totals, outputPaths, batches: { submitted: 0, ingested: 0, fellBackToSync: 0, statuses: {} } };
}
