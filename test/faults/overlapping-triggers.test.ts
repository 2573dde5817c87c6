import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNightlySchedule, triggerNightly } from '../../cli/schedule.js';
import { openTemporal, type TemporalHandle } from '../../cli/temporal-runtime.js';
import { temporalConfig } from '../../infra/config/temporal-settings.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { tempDir, waitFor } from '../helpers/temporal-run.js';

/**
 * Two nightly triggers while the first run is still going: the second is skipped.
 * No worker polls the schedule's queue, so the first run stays running for as long
 * as the test needs.
 */
describe('overlapping nightly triggers', () => {
  let temporal: TemporalHandle;
  beforeAll(async () => {
    temporal = await openTemporal();
  });
  afterAll(async () => {
    await temporal?.close();
  });

  it('skips the second while the first runs', async () => {
    const id = `overlap-${randomUUID().slice(0, 8)}`;
    const config = temporalConfig({ GRAINLINE_SCHEDULE_ID: id, GRAINLINE_TASK_QUEUE: `nobody-polls-${id}` });
    const repo = await makeGitRepo(shopCommits);
    await ensureNightlySchedule(temporal.client, config, { repo, branch: 'main', dbUri: join(tempDir('overlap'), 'db') });
    const handle = temporal.client.schedule.getHandle(id);
    try {
      await triggerNightly(handle);
      const running = await waitFor(async () => {
        const d = await handle.describe();
        return d.info.runningActions.length ? d.info.runningActions : undefined;
      }, 'the first run to start');
      await triggerNightly(handle);
      // the schedule has processed the second trigger once its action count moves on or a
      // second of quiet passes; either way exactly one run may exist
      await new Promise((r) => setTimeout(r, 2000));
      const d = await handle.describe();
      expect(d.info.runningActions.map((a) => a.workflow.workflowId)).toEqual(running.map((a) => a.workflow.workflowId));
      expect(d.info.numActionsSkippedOverlap).toBe(1);
      const started = await waitFor(async () => {
        const ids: string[] = [];
        for await (const w of temporal.client.workflow.list({ query: `TemporalScheduledById = '${id}'` })) ids.push(w.workflowId);
        return ids.length ? ids : undefined;
      }, 'the run to be listed');
      expect(started).toHaveLength(1);
      await temporal.client.workflow.getHandle(running[0].workflow.workflowId).terminate('test over');
    } finally {
      await handle.delete();
    }
  });
});
