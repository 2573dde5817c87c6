import { ApplicationFailure, defineQuery, executeChild, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { modelEnrichmentWorkflow } from './model-enrichment.js';
import type { RunSummary } from '../schemas/run-record.js';
import { runPipeline, type Activities, type EnrichInput, type Progress } from './pipeline.js';

export type { EnrichInput, Progress } from './pipeline.js';

export const progressQuery = defineQuery<Progress>('progress');

const retry = { maximumAttempts: 3, nonRetryableErrorTypes: ['UserError'] };
const long = proxyActivities<Activities>({ startToCloseTimeout: '60 minutes', heartbeatTimeout: '5 minutes', retry });
const shard = proxyActivities<Activities>({ startToCloseTimeout: '10 minutes', heartbeatTimeout: '2 minutes', retry });

/**
 * One enrichment run: crawl → plan → side inputs → enrich shards → write → run record.
 * Only paths and counts cross the workflow boundary; the data lives in the run folder.
 */
export async function enrichWorkflow(input: EnrichInput): Promise<RunSummary> {
  const progress: Progress = { stage: 'start', shardsDone: 0, shards: 0 };
  setHandler(progressQuery, () => progress);
  // Activity proxies have no own keys to spread: name each one.
  const acts: Activities = {
    crawlRepo: long.crawlRepo,
    planRun: long.planRun,
    resolveTables: long.resolveTables,
    aggregateUsage: long.aggregateUsage,
    resolveAnnotations: long.resolveAnnotations,
    enrichShard: shard.enrichShard,
    writeRecords: long.writeRecords,
    recordRun: long.recordRun,
    modelEnrich: (args) =>
      executeChild(modelEnrichmentWorkflow, { args: [args], workflowId: `${workflowInfo().workflowId}-model` }),
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
