import { resolveSettings, type Env } from './resolve-config.js';

/**
 * The settings that belong to the machine a worker runs on, not to a run: thread
 * counts and heap caps fit that machine's cores and memory, so each worker reads them
 * from its own environment (never from the workflow input, which every worker
 * shares). A value that is not a positive integer counts as unset.
 */
export interface WorkerSettings {
  analyzeThreads: number | undefined;
  smallUnitHeapMb: number;
  crawlHeapMb: number;
  enrichHeapMb: number;
  /** activities the worker runs at once */
  activities: number;
}

/** Read on every call: tests and benchmarks set these between runs of one process. */
export function workerSettings(env: Env = process.env): WorkerSettings {
  const { analyzeThreads, smallUnitHeapMb, crawlHeapMb, enrichHeapMb, workerActivities } = resolveSettings({ env });
  return { analyzeThreads, smallUnitHeapMb, crawlHeapMb, enrichHeapMb, activities: workerActivities };
}
