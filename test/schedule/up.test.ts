import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillWorkflowId } from '../../cli/commands/serve.js';
import { openTemporal, type TemporalHandle } from '../../cli/temporal-runtime.js';
import type { RunSummary } from '../../schemas/run-record.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { spawnGrainline, stop, tableContents, tempDir, waitFor } from '../helpers/temporal-run.js';

/**
 * `grainline up` as a user runs it (a child process, here against the test's
 * Temporal server), then `schedule trigger` and `backfill` as separate commands.
 */
describe('grainline up: the nightly schedule, a triggered run and backfills', () => {
  let temporal: TemporalHandle;
  let up: ReturnType<typeof spawnGrainline> | undefined;
  beforeAll(async () => {
    temporal = await openTemporal();
  });
  afterAll(async () => {
    if (up) await stop(up.proc);
    await temporal?.close();
  });

  it('creates the schedule from the config, fills LanceDB when triggered, backfills one table at a time', { timeout: 240_000 }, async () => {
    const repo = await makeGitRepo(shopCommits);
    const db = join(tempDir('up'), 'db');
    const id = `nightly-${randomUUID().slice(0, 8)}`;
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      GRAINLINE_TASK_QUEUE: `up-${id}`,
      GRAINLINE_SCHEDULE_ID: id,
      GRAINLINE_CRON: '30 3 * * *',
      GRAINLINE_TIMEZONE: 'Europe/Berlin',
      GRAINLINE_CATCHUP_WINDOW: '2h',
    };
    const cli = (args: string[]) => {
      const c = spawnGrainline(args, env, /$^/);
      return new Promise<{ code: number | null; out: string }>((resolve) => c.proc.once('exit', (code) => resolve({ code, out: c.output() })));
    };

    up = spawnGrainline(['up', '--repo', repo, '--branch', 'main', '--db', db], env, /serving/);
    await up.ready;
    expect(up.output()).toContain(`schedule '${id}' created`);

    // cron, timezone, overlap and catchup window come from temporal.config.ts (here via its env)
    const d = await temporal.client.schedule.getHandle(id).describe();
    expect(d.spec.timezone).toBe('Europe/Berlin');
    const next = d.info.nextActionTimes[0];
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('03:30');
    expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(d.policies.catchupWindow).toBe(2 * 3600_000);
    expect(d.action.type).toBe('startWorkflow');
    expect(d.action.type === 'startWorkflow' && d.action.workflowType).toBe('enrichWorkflow');

    // a trigger runs the nightly workflow on up's worker and fills LanceDB
    expect((await cli(['schedule', 'trigger', '--db', db])).code).toBe(0);
    const filled = await waitFor(async () => {
      const t = await tableContents(db);
      return t.rows === 7 ? t : undefined;
    }, 'the triggered run to fill LanceDB');
    expect(filled.runIds).toHaveLength(1);
    // up says when the night started and how it ended
    await waitFor(async () => (/nightly run \S+ succeeded: 7 of 7 tables enriched/.test(up!.output()) ? true : undefined), 'up to log the run');
    expect(up.output()).toMatch(/nightly run \S+ \(\w+\) started/);

    // describe reads the live schedule: what each night runs, and no next runs while paused
    const described = JSON.parse((await cli(['schedule', 'describe', '--db', db, '--json'])).out.trim().split('\n').at(-1)!);
    expect(described).toMatchObject({ schedule: id, paused: false, repo, branch: 'main', db, model: null, timezone: 'Europe/Berlin' });
    expect(described.nextRuns).toHaveLength(3);
    expect((await cli(['schedule', 'pause', '--db', db])).code).toBe(0);
    expect(JSON.parse((await cli(['schedule', 'describe', '--db', db, '--json'])).out.trim().split('\n').at(-1)!)).toMatchObject({ paused: true, nextRuns: [] });
    expect((await cli(['schedule', 'unpause', '--db', db])).code).toBe(0);

    // a backfill re-enriches that one table now, cache or not
    const backfill = await cli(['backfill', '--table', 'marts.fct_daily_revenue', '--repo', repo, '--db', db, '--json']);
    expect(backfill.code).toBe(0);
    const summary = JSON.parse(backfill.out.trim().split('\n').at(-1)!) as RunSummary;
    expect(summary).toMatchObject({ enriched: 1, skipped: 6 });
    const after = await tableContents(db);
    const changed = after.records.filter((r, i) => JSON.stringify(r) !== JSON.stringify(filled.records[i]));
    expect(after.runIds).toHaveLength(2);
    expect(changed.map((r) => r.id)).toEqual([]); // same content, only the run that wrote it differs

    // a backfill of a table that is already being backfilled is refused, not raced
    const running = await temporal.client.workflow.start('enrichWorkflow', {
      taskQueue: `nobody-polls-${id}`,
      workflowId: backfillWorkflowId('Marts.Fct_Daily_Revenue'),
      args: [],
    });
    try {
      const second = await cli(['backfill', '--table', 'marts.fct_daily_revenue', '--repo', repo, '--db', db, '--json']);
      expect(second.code).toBe(2);
      expect(second.out).toContain("a backfill of 'marts.fct_daily_revenue' is already running");
    } finally {
      await running.terminate('test over');
    }
  });
});
