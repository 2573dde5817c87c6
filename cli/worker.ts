import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as activities from '../activities/index.js';
import type { TemporalHandle } from './temporal-runtime.js';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/**
 * The workflow code, bundled once per process in a child process: webpack is the
 * slow part of starting a worker, and loaded here it would stay in a long-lived
 * worker's heap (some 100 MB) for nothing once the bundle is made.
 */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [fileURLToPath(new URL('./bundle-workflows.mjs', import.meta.url))],
      { maxBuffer: 256 * 2 ** 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`bundling the workflow code failed: ${stderr.trim() || err.message}`));
        else resolve(JSON.parse(stdout) as WorkflowBundleWithSourceMap);
      },
    );
  });
  return bundle;
}

export async function createWorker(
  t: TemporalHandle,
  opts: { taskQueue?: string; /** fault tests swap one activity for a failing one */ activities?: typeof activities } = {},
): Promise<Worker> {
  return Worker.create({
    connection: t.nativeConnection,
    namespace: t.config.namespace,
    taskQueue: opts.taskQueue ?? t.config.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: opts.activities ?? activities,
    // a run's shards in flight (pipeline.ts) and its side activities; shards mostly wait on the enrich threads
    maxConcurrentActivityTaskExecutions: 16,
  });
}
