import { ApplicationFailure, defineQuery, executeChild, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { modelEnrichmentWorkflow } from './model-enrichment.js';
import type { RunSummary } from '../schemas/run-record.js';
import { runPipeline, type Activities, type EnrichInput, type Progress } from './pipeline.js';
import { ACTIVITY_RETRY, DEFAULT_HEARTBEAT_TIMEOUT, enrichShardsWorkflow, shardsDoneSignal } from './shards.js';

export type { EnrichInput, Progress } from './pipeline.js';

export const progressQuery = defineQuery<Progress>('progress');

/**
 * One enrichment run: crawl → plan → side inputs → enrich shards → write → run record.
 * Only paths and counts cross the workflow boundary; the data lives in the run folder.
 */
export async function enrichWorkflow(input: EnrichInput): Promise<RunSummary> {
  const progress: Progress = { stage: 'start', shardsDone: 0, shards: 0 };
  setHandler(progressQuery, () => progress);
  setHandler(shardsDoneSignal, (n) => void (progress.shardsDone += n));
  // Activities heartbeat every few seconds, so a silent one means its worker died:
  // a short heartbeat timeout is what makes a crashed run resume quickly.
  const long = proxyActivities<Activities>({
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: input.tuning?.heartbeatTimeout ?? DEFAULT_HEARTBEAT_TIMEOUT,
    retry: ACTIVITY_RETRY,
  });
  const id = workflowInfo().workflowId;
  // Activity proxies have no own keys to spread: name each one.
  const acts: Activities = {
    crawlRepo: long.crawlRepo,
    planRun: long.planRun,
    resolveTables: long.resolveTables,
    aggregateUsage: long.aggregateUsage,
    resolveAnnotations: long.resolveAnnotations,
    enrichShard: long.enrichShard,
    writeRecords: long.writeRecords,
    recordRun: long.recordRun,
    modelEnrich: (args) => executeChild(modelEnrichmentWorkflow, { args: [args], workflowId: `${id}-model` }),
    enrichShards: (group) => executeChild(enrichShardsWorkflow, { args: [group], workflowId: `${id}-shards-${group.first}` }),
  };
  const summary = await runPipeline(acts, input, {
    now: () => new Date(),
    runSuffix: workflowInfo().runId.slice(0, 8),
    progress,
  });
  log.info('enrichment finished', { ...summary, workflowId: workflowInfo().workflowId });
  if (summary.failed && !summary.enriched) {
    throw ApplicationFailure.nonRetryable(`every table failed to enrich (${summary.failed})`);
  }
  return summary;
}
