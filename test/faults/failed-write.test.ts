import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activities from '../../activities/index.js';
import type { EnrichShardInput } from '../../activities/enrich-shard.js';
import { runPaths } from '../../infra/run-folder/run-paths.js';
import { openTemporal, type TemporalHandle } from '../../cli/temporal-runtime.js';
import { createWorker } from '../../cli/worker.js';
import { openCatalog } from '../../reader/catalog.js';
import { addCommit } from '../helpers/git-repo.js';
import { generatedRepo, runInput, tableContents, tempDir } from '../helpers/temporal-run.js';

/**
 * A run whose writer fails part-way (a poisoned record after some batches were
 * committed) must leave the catalog as the last good run left it.
 */
describe('a run that fails while writing', () => {
  let temporal: TemporalHandle;
  let repo: string;

  beforeAll(async () => {
    [temporal, repo] = await Promise.all([openTemporal(), generatedRepo(300, 5)]);
  });
  afterAll(async () => {
    await temporal?.close();
  });

  it('leaves the last good version readable', { timeout: 180_000 }, async () => {
    const db = join(tempDir('failed-write'), 'db');
    const taskQueue = `faults-${randomUUID()}`;
    let poison = false;
    // Shard 2's records gain a row whose vector has the wrong length: the writer
    // commits shards 0 and 1 (one commit per 50 rows), then fails on it.
    const enrichShard = async (input: EnrichShardInput) => {
      const r = await activities.enrichShard(input);
      if (poison && input.shard === 2) {
        appendFileSync(runPaths(input.runDir).recordShard(2), JSON.stringify({ record: { id: 'poisoned' }, vector: [1, 2, 3], searchText: 'x' }) + '\n');
      }
      return r;
    };
    const worker = await createWorker(temporal, { taskQueue, activities: { ...activities, enrichShard } });
    const tuning = { shardSize: 50, writeBatch: 50, heartbeatTimeout: '10 seconds' };
    const run = (extra: Parameters<typeof runInput>[2]) =>
      temporal.client.workflow.execute('enrichWorkflow', { taskQueue, workflowId: `grainline-${randomUUID()}`, args: [runInput(repo, db, { tuning, ...extra })] });

    await worker.runUntil(async () => {
      await run({ runId: 'good' });
      const good = await tableContents(db);

      await addCommit(repo, { files: { 'jobs/late_addition.sql': 'create table reporting.late_addition as select 1 as id;\n' } });
      poison = true;
      await expect(run({ runId: 'poisoned', full: true })).rejects.toBeInstanceOf(WorkflowFailedError);

      // the latest version is the good run's content, and readers find it
      expect(good.runIds).toEqual(['good']);
      expect(await tableContents(db)).toEqual(good);
      const catalog = await openCatalog(db);
      expect(await catalog.get('reporting.late_addition')).toBeUndefined();
      expect(await catalog.get(good.records[0].id as string)).toBeDefined();
      catalog.close();
    });
  });
});
