import { z } from 'zod';

/**
 * The settings that belong to the machine a worker runs on, not to a run: thread
 * counts and heap caps fit that machine's cores and memory, so each worker reads them
 * from its own environment (never from the workflow input, which every worker
 * shares). Read and validated here once; a value that is not a positive integer
 * counts as unset, as before.
 */
const positive = z.coerce.number().int().positive().optional().catch(undefined);

const WorkerEnv = z.object({
  /** analysis threads; default one per core */
  GRAINLINE_ANALYZE_THREADS: positive,
  /** heap cap (MB) of an analysis thread for small units */
  GRAINLINE_SMALL_UNIT_HEAP_MB: positive,
  /** heap cap (MB) of the crawl thread */
  GRAINLINE_CRAWL_HEAP_MB: positive,
  /** heap cap (MB) of an enrich thread */
  GRAINLINE_ENRICH_HEAP_MB: positive,
});

export interface WorkerSettings {
  analyzeThreads: number | undefined;
  smallUnitHeapMb: number;
  crawlHeapMb: number;
  enrichHeapMb: number;
}

/** Read on every call: tests and benchmarks set these between runs of one process. */
export function workerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const e = WorkerEnv.parse(env);
  return {
    analyzeThreads: e.GRAINLINE_ANALYZE_THREADS,
    smallUnitHeapMb: e.GRAINLINE_SMALL_UNIT_HEAP_MB ?? 192,
    crawlHeapMb: e.GRAINLINE_CRAWL_HEAP_MB ?? 1536,
    enrichHeapMb: e.GRAINLINE_ENRICH_HEAP_MB ?? 384,
  };
}
