import { resolve } from 'node:path';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';
import type { TemporalConfig } from '../temporal.config.js';
import type { EnrichInput } from '../workflows/enrich.js';
import { maxFileBytes, stateDirFor } from './options.js';

export interface NightlyTarget {
  repo: string;
  /** the branch whose head each night's run reads */
  branch: string;
  dbUri: string;
  usagePaths?: string[];
  annotationsDir?: string;
}

export function nightlyInput(t: NightlyTarget): EnrichInput {
  const repo = resolve(t.repo);
  return {
    repo,
    ref: t.branch,
    dbUri: t.dbUri,
    stateDir: stateDirFor(t.dbUri),
    full: false,
    usagePaths: (t.usagePaths ?? []).map((p) => resolve(p)),
    annotationsDir: resolve(t.annotationsDir ?? `${repo}/annotations`),
    maxFileBytes: maxFileBytes(),
  };
}

/**
 * Creates the nightly schedule, or updates it to the current config when it exists.
 * Overlap SKIP: a night that is still running makes the next trigger a no-op.
 */
export async function ensureNightlySchedule(client: Client, config: TemporalConfig, target: NightlyTarget): Promise<'created' | 'updated'> {
  const { scheduleId, cron, timezone, catchupWindow } = config.nightly;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'enrichWorkflow',
    workflowId: `${scheduleId}-run`,
    taskQueue: config.taskQueue,
    args: [nightlyInput(target)],
  };
  const spec = { cronExpressions: [cron], timezone };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow };
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.describe();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    await client.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  }
  await handle.update((prev) => ({ ...prev, spec, action, policies: { ...prev.policies, ...policies } }));
  return 'updated';
}

/**
 * Runs the nightly enrichment now, under the same overlap rule as the cron: while a
 * run started by the schedule is still going, this one is skipped.
 */
export async function triggerNightly(handle: ScheduleHandle): Promise<void> {
  await handle.trigger(ScheduleOverlapPolicy.SKIP);
}
