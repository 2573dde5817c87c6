import { continueAsNew, defineSignal, getExternalWorkflowHandle, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities/index.js';
import { enrichShardGroup, type ShardGroupInput, type ShardTotals } from './shard-group.js';

/** Sent to the parent run after each shard, so its progress query counts shards, not groups. */
export const shardsDoneSignal = defineSignal<[number]>('shardsDone');

/** Long enough for Temporal's 50k-event hard limit never to come near. */
export const MAX_HISTORY_EVENTS = 10_000;

export const DEFAULT_HEARTBEAT_TIMEOUT = '1 minute';
export const ACTIVITY_RETRY = { maximumAttempts: 3, nonRetryableErrorTypes: ['UserError'] };

/**
 * One group of shards as a child workflow, so a 100k-table run is a handful of
 * short histories rather than one long one. Should the group's history still grow
 * long (huge groups), it continues as new with the shards left and the totals so far.
 */
export async function enrichShardsWorkflow(group: ShardGroupInput): Promise<ShardTotals> {
  const { enrichShard } = proxyActivities<Pick<typeof activities, 'enrichShard'>>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: group.heartbeatTimeout ?? DEFAULT_HEARTBEAT_TIMEOUT,
    retry: ACTIVITY_RETRY,
  });
  const parent = workflowInfo().parent;
  const notify = parent ? getExternalWorkflowHandle(parent.workflowId) : undefined;
  const limit = group.maxHistoryEvents ?? MAX_HISTORY_EVENTS;
  const { totals, next } = await enrichShardGroup(enrichShard, group, {
    // progress is best effort: a parent that is gone must not fail the group
    onShardDone: () => void notify?.signal(shardsDoneSignal, 1).catch(() => undefined),
    pause: () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= limit,
  });
  if (next === null) return totals;
  return continueAsNew<typeof enrichShardsWorkflow>({ ...group, first: next, count: group.first + group.count - next, carried: totals });
}
