import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as activities from '../activities/index.js';
import type { TemporalHandle } from './temporal-runtime.js';
import { cachedWorkflowBundle } from './workflow-bundle-cache.js';
import { workerSettings } from '../infra/config/worker-settings.js';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/**
 * The workflow code, once per process: from the bundle cache under the state dir, or
 * bundled in a child process (cli/workflow-bundle-cache.ts).
 */
export function workflowBundle(stateDir?: string): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= cachedWorkflowBundle(stateDir);
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
    workflowBundle: await workflowBundle(t.stateDir),
    activities: opts.activities ?? activities,
    // a run's shards in flight (pipeline.ts) and its side activities; shards mostly wait on the enrich threads.
    // Each worker of a cluster takes this many; the others take the rest of the shards.
    maxConcurrentActivityTaskExecutions: workerSettings().activities,
  });
}
