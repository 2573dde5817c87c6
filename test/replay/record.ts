/**
 * Records the workflow histories the replay test replays. Run it after an intended
 * change to the workflows (see README.md):  npx tsx test/replay/record.ts
 *
 * Three runs of the shop repo on a fresh dev server and an in-process worker, with
 * shards tiny enough that each run has shard-group children and one child continues
 * as new: a full run, a backfill with downstream tables, and a partial run.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { openTemporal } from '../../cli/temporal-runtime.js';
import { createWorker } from '../../cli/worker.js';
import { backfillWorkflowId } from '../../cli/commands/serve.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { runInput, tempDir } from '../helpers/temporal-run.js';
import { findTemporalCli } from '../../cli/temporal-cli.mjs';
import type { EnrichInput } from '../../workflows/pipeline.js';

const out = join(import.meta.dirname, 'histories');
const tuning = { shardSize: 2, shardsPerGroup: 3, maxHistoryEvents: 10 };

const temporal = await openTemporal();
const taskQueue = `record-${randomUUID()}`;
const worker = await createWorker(temporal, { taskQueue });
const repo = await makeGitRepo(shopCommits);
const db = join(tempDir('record'), 'db');
const runs: [string, string, Partial<EnrichInput>][] = [
  ['small-run', 'grainline-enrich-record', { runId: 'record-full' }],
  ['backfill', backfillWorkflowId('marts.fct_daily_revenue'), { runId: 'record-backfill', tables: ['marts.fct_daily_revenue'], force: ['marts.fct_daily_revenue'], withDownstream: true }],
  ['partial-run', 'grainline-enrich-record-partial', { runId: 'record-partial', tables: ['stg_orders'] }],
];
/** file → workflow id: the replayer must use the recorded id (child ids derive from it) */
const index: Record<string, string> = {};
try {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await worker.runUntil(async () => {
    for (const [name, workflowId, extra] of runs) {
      const handle = await temporal.client.workflow.start('enrichWorkflow', { taskQueue, workflowId, args: [runInput(repo, db, { tuning, ...extra })] });
      await handle.result();
      for (const [i, h] of (await withChildren({ workflowId, runId: handle.firstExecutionRunId })).entries()) {
        const file = i ? `${name}.child-${i}.json` : `${name}.json`;
        writeFileSync(join(out, file), historyJson(h));
        index[file] = h.workflowId;
        console.log(`recorded ${file}`);
      }
    }
  });
  writeFileSync(join(out, 'index.json'), JSON.stringify(index, null, 1) + '\n');
} finally {
  await temporal.close();
}

type Run = { workflowId: string; runId: string };

/** The history in the JSON form Temporal's tools write and `runReplayHistories` reads. */
function historyJson(r: Run): string {
  const cli = findTemporalCli()!.path;
  const args = ['workflow', 'show', '--address', temporal.address, '-w', r.workflowId, '-r', r.runId, '--output', 'json'];
  return execFileSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** The run, then every child workflow run it started, each continue-as-new step on its own. */
async function withChildren(first: Run): Promise<Run[]> {
  const all: Run[] = [];
  const queue: Run[] = [first];
  while (queue.length) {
    const r = queue.shift()!;
    all.push(r);
    for (const e of (await temporal.client.workflow.getHandle(r.workflowId, r.runId).fetchHistory()).events ?? []) {
      const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (child?.workflowId && child.runId) queue.push({ workflowId: child.workflowId, runId: child.runId });
      const next = e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      if (next) queue.push({ workflowId: r.workflowId, runId: next });
    }
  }
  return all;
}
