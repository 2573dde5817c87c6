import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { openTemporal, type TemporalHandle } from '../../cli/temporal-runtime.js';
import { runDirect } from '../../cli/run-direct.js';
import { completedActivity } from '../../cli/workflow-history.js';
import type { Progress } from '../../workflows/pipeline.js';
import type { RunSummary } from '../../schemas/run-record.js';
import type { CrawlResult } from '../../activities/crawl.js';
import { generatedRepo, runInput, spawnGrainline, stop, tableContents, tempDir, waitFor } from '../helpers/temporal-run.js';

/**
 * SIGKILL a worker process in the middle of a run, twice, each time starting a new
 * one: the run must finish and write exactly what an uninterrupted run writes.
 */
describe('a worker killed mid-run', () => {
  let temporal: TemporalHandle;
  let repo: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    [temporal, repo] = await Promise.all([openTemporal(), generatedRepo(600, 11)]);
  });
  afterAll(async () => {
    for (const w of workers) await stop(w);
    await temporal?.close();
  });

  it('resumes on a new worker: no duplicates, no losses, equal to a clean run', { timeout: 480_000 }, async () => {
    const tuning = { shardSize: 50, shardsPerGroup: 4, writeBatch: 100, heartbeatTimeout: '3 seconds' };
    const cleanDb = join(tempDir('clean'), 'db');
    const clean = await runDirect(runInput(repo, cleanDb, { full: true, tuning }));

    const db = join(tempDir('killed'), 'db');
    const queue = `faults-${randomUUID()}`;
    const runId = `kill-${randomUUID().slice(0, 8)}`;
    const startWorker = async () => {
      const w = spawnGrainline(['worker', '--db', db], { TEMPORAL_ADDRESS: temporal.address, GRAINLINE_TASK_QUEUE: queue }, /worker polling/);
      workers.push(w.proc);
      await w.ready;
      return w.proc;
    };
    const first = await startWorker();
    const handle = await temporal.client.workflow.start('enrichWorkflow', {
      taskQueue: queue,
      workflowId: `grainline-${runId}`,
      args: [runInput(repo, db, { runId, full: true, tuning })],
    });
    const progress = () => handle.query<Progress>('progress');

    // 1. mid-crawl, once some analysis units are done (their facts are in the run's pack)
    const pack = join(db, '_grainline', 'analysis-cache', `pack-${runId}.jsonl`);
    await waitFor(async () => completeUnits(pack) >= 2, 'analysis units to finish', 300_000);
    expect((await progress()).stage).toBe('crawl');
    await stop(first, 'SIGKILL');
    const second = await startWorker();

    // 2. mid-enrichment, as soon as the server has started a shard-group child (read from
    // the history, which needs no worker: a query could miss a short enrich stage)
    const childStarted = async () => (await handle.fetchHistory()).events?.some((e) => e.childWorkflowExecutionStartedEventAttributes);
    await waitFor(childStarted, 'a shard-group child to start', 300_000);
    await stop(second, 'SIGKILL');
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await startWorker();

    const summary = (await handle.result()) as RunSummary;
    expect(summary.tables).toBe(clean.tables);
    expect(summary.enriched).toBe(clean.enriched);
    const [got, want] = await Promise.all([tableContents(db), tableContents(cleanDb)]);
    expect(got.rows).toBe(got.ids); // no duplicates
    expect(got.rows).toBe(clean.tables); // no losses
    expect(got.records).toEqual(want.records);

    // the crawl was retried on the new worker and picked up the units the first finished
    const crawl = (await completedActivity<CrawlResult>(handle, 'crawlRepo'))!;
    expect(crawl.attempt).toBeGreaterThan(1);
    expect(crawl.result.analysis.cached).toBeGreaterThan(0);
  });
});

/** Units whose every line is in the pack (a line per file's facts, with the unit's count). */
function completeUnits(pack: string): number {
  if (!existsSync(pack)) return 0;
  const seen = new Map<string, { n: number; lines: number }>();
  for (const line of readFileSync(pack, 'utf8').split('\n')) {
    try {
      const { key, n } = JSON.parse(line) as { key: string; n: number };
      const u = seen.get(key) ?? { n, lines: 0 };
      u.lines++;
      seen.set(key, u);
    } catch {
      /* the line being written */
    }
  }
  return [...seen.values()].filter((u) => u.lines >= Math.max(1, u.n)).length;
}
