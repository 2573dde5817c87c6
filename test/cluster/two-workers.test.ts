import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { openTemporal, type TemporalHandle } from '../../cli/temporal-runtime.js';
import { runDirect } from '../../cli/run-direct.js';
import { runConfigOf } from '../../infra/config/run-config.js';
import { resolveSettings } from '../../infra/config/resolve-config.js';
import type { RunSummary } from '../../schemas/run-record.js';
import { runInput, spawnGrainline, stop, tableContents, tempDir, waitFor } from '../helpers/temporal-run.js';
import { historyOfRun, shardWorkers } from '../../cli/workflow-history.js';
import { payloadsOf } from './run-history.js';
import { uploadRunInputs } from '../../infra/run-folder/run-inputs.js';
import { generateMonorepo } from '../../fixture/generate.js';

/**
 * Issue 22: workers that share no disk. Two `grainline worker` processes, each with its
 * own HOME, TMPDIR and work dir, reach nothing in common but the catalog folder and a
 * repo URL (file:// of a bare clone): the shards spread over both, and the catalog equals
 * a single-process run's, also when one of them is killed mid-run.
 */
// 400 keeps CI near its budget (two runs and a reference run); the 2,000 pass too
// (GRAINLINE_CLUSTER_TEST_TABLES=2000: ~10 min on a loaded 2-core machine)
const TABLES = Number(process.env.GRAINLINE_CLUSTER_TEST_TABLES ?? 400);

describe('two workers that share only the catalog', () => {
  let temporal: TemporalHandle;
  let repo: string;
  let url: string;
  let cleanDb: string;
  let clean: RunSummary;
  /** a query log on the submitting host only: the cluster runs read the copy uploaded under the catalog */
  let log: string;
  const workers: ChildProcess[] = [];
  // fast and the same on every worker: the semantic model would only make the test slow
  const config = runConfigOf(resolveSettings({ env: { GRAINLINE_EMBEDDING_MODEL: 'hashing' } }));
  const tuning = { shardSize: 50, shardsPerGroup: 10, writeBatch: 500, heartbeatTimeout: '3 seconds' };

  beforeAll(async () => {
    repo = join(tempDir('fixture'), 'repo');
    const [t, truth] = await Promise.all([openTemporal(), generateMonorepo({ out: repo, tables: TABLES, seed: 22 })]);
    temporal = t;
    log = join(tempDir('submitter'), 'queries.jsonl');
    writeFileSync(log, truth.tables.slice(0, 3).map((x) => JSON.stringify({ query: `select * from ${x.table}`, user: 'ana', timestamp: new Date().toISOString() })).join('\n') + '\n');
    const bare = join(tempDir('remote'), 'repo.git');
    execFileSync('git', ['clone', '-q', '--bare', repo, bare]);
    url = `file://${bare}`;
    cleanDb = join(tempDir('clean'), 'db');
    clean = await runDirect(runInput(repo, cleanDb, { full: true, tuning, config, usagePaths: [log] }));
  }, 600_000);
  afterAll(async () => {
    for (const w of workers) await stop(w);
    await temporal?.close();
  });

  /** A worker in a world of its own: only the task queue and the catalog are shared. */
  const startWorker = async (queue: string) => {
    const home = tempDir('worker-home');
    mkdirSync(join(home, 'tmp'));
    const w = spawnGrainline(
      ['worker', '--work-dir', join(home, 'work')],
      {
        HOME: home,
        XDG_CACHE_HOME: join(home, '.cache'),
        TMPDIR: join(home, 'tmp'),
        TEMPORAL_ADDRESS: temporal.address,
        GRAINLINE_TASK_QUEUE: queue,
        // few slots each, so neither can take every shard of the run
        GRAINLINE_WORKER_ACTIVITIES: '3',
      },
      /worker polling/,
    );
    workers.push(w.proc);
    await w.ready;
    return { proc: w.proc, home };
  };

  const startRun = async (queue: string, db: string): Promise<WorkflowHandle> => {
    const runId = `cluster-${randomUUID().slice(0, 8)}`;
    // as `grainline enrich` does: the log is copied under the catalog and named there
    const side = await uploadRunInputs(join(db, '_grainline', 'runs', runId), { usagePaths: [log], annotationsDir: 'annotations' });
    return temporal.client.workflow.start('enrichWorkflow', {
      taskQueue: queue,
      workflowId: `grainline-${runId}`,
      args: [runInput(url, db, { runId, full: true, tuning, config, ...side })],
    });
  };

  const expectSameCatalog = async (db: string, summary: RunSummary) => {
    expect(summary.tables).toBe(clean.tables);
    expect(summary.enriched).toBe(clean.enriched);
    const [got, want] = await Promise.all([tableContents(db), tableContents(cleanDb)]);
    expect(got.rows).toBe(got.ids);
    expect(got.records).toEqual(want.records);
    // the uploaded log was read: without it no record would have usage, and both sides would still agree
    expect(got.records.filter((r) => (r.usage as { queries7d?: number } | null)?.queries7d).length).toBeGreaterThan(0);
  };

  it('spreads the shards over both and writes what one process writes', { timeout: 600_000 }, async () => {
    const queue = `cluster-${randomUUID()}`;
    const db = join(tempDir('cluster'), 'db');
    const [a, b] = await Promise.all([startWorker(queue), startWorker(queue)]);
    const handle = await startRun(queue, db);
    const summary = (await handle.result()) as RunSummary;
    await expectSameCatalog(db, summary);

    const history = await historyOfRun(temporal.client, handle.workflowId);
    const ran = shardWorkers(history);
    expect(ran.get(`${a.proc.pid}`)).toBeGreaterThan(0);
    expect(ran.get(`${b.proc.pid}`)).toBeGreaterThan(0);

    // nothing that crosses the workflow boundary names a path outside the catalog folder
    const payloads = payloadsOf(history);
    const paths = payloads.flatMap((p) => p.strings).filter((s) => s.startsWith('/'));
    expect(paths.length).toBeGreaterThan(0); // the run folder's files, under the catalog
    expect(paths.filter((p) => p !== db && !p.startsWith(`${db}/`))).toEqual([]);
    for (const dir of [a.home, b.home, dirname(log)]) expect(payloads.some((p) => p.strings.some((s) => s.includes(dir)))).toBe(false);
    const largest = Math.max(...payloads.map((p) => p.bytes));
    console.log(`cluster test: ${TABLES} tables, ${payloads.length} payloads, largest ${largest} bytes, history ${history.reduce((n, h) => n + h.bytes, 0)} bytes`);
    expect(largest).toBeLessThan(64 * 1024);
  });

  it('finishes on the other worker when one is killed mid-run', { timeout: 600_000 }, async () => {
    const queue = `cluster-kill-${randomUUID()}`;
    const db = join(tempDir('cluster-kill'), 'db');
    const [a, b] = await Promise.all([startWorker(queue), startWorker(queue)]);
    const handle = await startRun(queue, db);
    // once shards are being enriched: a shard-group child has started
    await waitFor(async () => (await handle.fetchHistory()).events?.some((e) => e.childWorkflowExecutionStartedEventAttributes), 'the shards to start', 300_000);
    await stop(a.proc, 'SIGKILL');
    const summary = (await handle.result()) as RunSummary;
    await expectSameCatalog(db, summary);
    const ran = shardWorkers(await historyOfRun(temporal.client, handle.workflowId));
    expect(ran.get(`${b.proc.pid}`)).toBeGreaterThan(0);
  });
});
