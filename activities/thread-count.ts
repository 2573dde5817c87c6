import { availableParallelism } from 'node:os';
import { workerSettings } from '../infra/config/worker-settings.js';

// A module of its own: the enrich pool, loaded with the worker, needs this number but
// not the analyzers analyze-parallel.ts imports (~0.6 s of CPU at every command's start).

/** GRAINLINE_ANALYZE_THREADS, else one per core. */
export function threadCount(): number {
  return workerSettings().analyzeThreads ?? availableParallelism();
}
