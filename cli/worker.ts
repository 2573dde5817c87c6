import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as activities from '../activities/index.js';
import type { TemporalHandle } from './temporal-runtime.js';

export const workflowsPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'workflows', 'index.ts');

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundled once per process: webpack is the slow part of starting a worker. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) },
    webpackConfigHook: (config) => {
      // Sources import './x.js' (NodeNext style) while the files are .ts.
      config.resolve = { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } };
      return config;
    },
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
    maxConcurrentActivityTaskExecutions: 8,
  });
}
