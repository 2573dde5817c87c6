import { join } from 'node:path';

/**
 * The run folder layout. Workflows only ever carry these paths; activities write
 * and read the JSON Lines behind them.
 */
export const runPaths = (runDir: string) => ({
  catalogShard: (i: number) => join(runDir, 'catalog', `shard-${String(i).padStart(5, '0')}.jsonl`),
  /** each line's [id, entry fingerprint], in line order: lets a shard skip unchanged tables unparsed */
  catalogKeys: (i: number) => join(runDir, 'catalog', `shard-${String(i).padStart(5, '0')}.keys.json`),
  recordShard: (i: number) => join(runDir, 'records', `shard-${String(i).padStart(5, '0')}.jsonl`),
  usageShard: (i: number) => join(runDir, 'usage', `shard-${String(i).padStart(5, '0')}.jsonl`),
  modelDir: join(runDir, 'model'),
  index: join(runDir, 'catalog-index.json'),
  warnings: join(runDir, 'warnings.jsonl'),
  stored: join(runDir, 'stored-fingerprints.json'),
  annotations: join(runDir, 'annotations.json'),
  deletions: join(runDir, 'deletions.json'),
  summary: join(runDir, 'run.json'),
});

/**
 * Small enough that one activity's work is a few seconds; large enough that a
 * nightly run, where most shards have little to enrich, is not a crowd of activities
 * each paying its round trip through Temporal.
 */
export const SHARD_SIZE = 2000;
