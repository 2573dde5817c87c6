import { randomUUID } from 'node:crypto';
import * as activities from '../activities/index.js';
import type { RunSummary } from '../schemas/run-record.js';
import { runPipeline, type EnrichInput, type Progress } from '../workflows/pipeline.js';

/**
 * The same pipeline as the workflow, called in-process without Temporal: for
 * `grainline diff` (a PR check must not need a server) and for measuring what
 * Temporal costs on top of the work itself.
 */
export async function runDirect(input: EnrichInput, progress?: Progress): Promise<RunSummary> {
  return runPipeline(activities, input, {
    now: () => new Date(),
    runSuffix: randomUUID().slice(0, 8),
    progress: progress ?? { stage: 'start', shardsDone: 0, shards: 0 },
  });
}
