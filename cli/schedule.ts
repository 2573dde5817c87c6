import { resolve } from 'node:path';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';
import type { TemporalConfig } from '../infra/config/temporal-settings.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunSummary } from '../schemas/run-record.js';
import type { ModelConfig } from '../enrichers/model/config.js';
import type { DbtArtifactInput } from '../infra/git/repo-files.js';
import { checkRepoRef, repoTarget } from './repo-target.js';
import type { EnrichInput } from '../workflows/enrich.js';
import { failureMessage } from '../workflows/pipeline.js';
import { checkSideInputs, ensureWritableDb, runSettings, stateDirFor } from './options.js';

export interface NightlyTarget {
  repo: string;
  /** the branch whose head each night's run reads */
  branch: string;
  dbUri: string;
  usagePaths?: string[];
  annotationsDir?: string;
  /** the coding model each night's run asks; null or absent: static only */
  model?: ModelConfig | null;
  modelMode?: 'sync' | 'batch';
  /** re-enrich every table each night, whatever changed (enrich --full) */
  full?: boolean;
  /** dbt artifacts (absolute host paths) and target each night's run reads */
  dbt?: DbtArtifactInput;
}

/**
 * Everything a nightly run will need, checked before a schedule is written or a server
 * serves: a schedule that points at a typo fails every night, and silently.
 */
export async function checkNightlyTarget(t: NightlyTarget): Promise<void> {
  await checkRepoRef(repoTarget(t.repo, t.annotationsDir).repo, t.branch);
  checkSideInputs(t);
  ensureWritableDb(t.dbUri);
}

export function nightlyInput(t: NightlyTarget): EnrichInput {
  const { repo, annotationsDir } = repoTarget(t.repo, t.annotationsDir);
  return {
    repo,
    ref: t.branch,
    dbUri: t.dbUri,
    stateDir: stateDirFor(t.dbUri),
    full: !!t.full,
    usagePaths: (t.usagePaths ?? []).map((p) => resolve(p)),
    annotationsDir,
    ...runSettings(),
    model: t.model ?? null,
    modelMode: t.modelMode,
    ...(t.dbt ? { dbt: t.dbt } : {}),
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

/**
 * `grainline up` says when each nightly run starts and how it ended: the dev server is
 * headless, so without this a failed night leaves no trace where the operator looks.
 * Polls the schedule's recent actions; returns a function that stops watching.
 */
export function watchNightlyRuns(client: Client, scheduleId: string, log: (line: string) => void, everyMs = 5000): () => void {
  const seen = new Set<string>();
  let stopped = false;
  // runs taken before `up` started are history, not news (however late the first look comes)
  const since = Date.now() - 1000;
  const follow = async (workflowId: string, runId: string) => {
    log(`nightly run ${workflowId} (${runId.slice(0, 8)}) started`);
    try {
      const s = (await client.workflow.getHandle(workflowId, runId).result()) as RunSummary;
      log(`nightly run ${s.runId} succeeded: ${s.enriched} of ${s.tables} tables enriched, ${s.skipped} unchanged, ${s.failed} failed, ${s.warnings} warnings`);
    } catch (err) {
      if (!stopped) log(`nightly run ${workflowId} FAILED: ${failureMessage(err)} (grainline runs --db … shows it)`);
    }
  };
  const tick = async () => {
    while (!stopped) {
      try {
        const d = await client.schedule.getHandle(scheduleId).describe();
        for (const a of d.info.recentActions) {
          const { workflowId, firstExecutionRunId } = a.action.workflow;
          if (seen.has(firstExecutionRunId)) continue;
          seen.add(firstExecutionRunId);
          if (a.takenAt.getTime() >= since) void follow(workflowId, firstExecutionRunId);
        }
      } catch {
        // the server restarting or the schedule being recreated: try again next tick
      }
      await sleep(everyMs);
    }
  };
  void tick();
  return () => {
    stopped = true;
  };
}
