import { mkdir, writeFile } from 'node:fs/promises';
import { loadShardKeys } from './catalog-index.js';
import { connect, storedFingerprints } from '../infra/store/lance-store.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import { UserError } from '../infra/errors.js';
import { warmEnrichThreads } from './enrich-pool.js';

export interface PlanResult {
  stored: number;
  /** tables stored by an earlier run that the repo no longer defines */
  deletions: number;
}

/**
 * Splits what LanceDB holds now by catalog shard, so each shard activity compares
 * fingerprints without loading the whole map, and lists tables to delete.
 */
export async function planRun(input: { dbUri: string; runDir: string; partial: boolean }): Promise<PlanResult> {
  let db;
  try {
    db = await connect(input.dbUri);
  } catch (err) {
    throw new UserError(`cannot open the database at ${input.dbUri}: ${(err as Error).message}`);
  }
  const stored = await storedFingerprints(db);
  const byShard = new Map<number, Record<string, string>>();
  const live = new Set<string>();
  let shardsWithNewTables = 0;
  for (const [shard, keys] of await loadShardKeys(input.runDir)) {
    let hasNew = false;
    for (const [id] of keys) {
      live.add(id);
      const fp = stored.get(id);
      if (fp === undefined) {
        hasNew = true;
        continue;
      }
      let m = byShard.get(shard);
      if (!m) byShard.set(shard, (m = {}));
      m[id] = fp;
    }
    if (hasNew) shardsWithNewTables++;
  }
  // A shard with a table the db lacks will surely be enriched: its thread starts now and
  // loads while the side inputs are read. Shards of changed tables start theirs on demand.
  warmEnrichThreads(shardsWithNewTables);
  const paths = runPaths(input.runDir);
  await mkdir(paths.storedDir, { recursive: true });
  for (const [shard, m] of byShard) await writeFile(paths.stored(shard), JSON.stringify(m));
  // A run limited to some tables says nothing about the others, so it deletes nothing.
  const deletions = input.partial ? [] : [...stored.keys()].filter((id) => !live.has(id));
  await writeFile(paths.deletions, JSON.stringify(deletions));
  return { stored: stored.size, deletions: deletions.length };
}
