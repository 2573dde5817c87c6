import * as lancedb from '@lancedb/lancedb';

export type VectorIndexAction = 'none' | 'kept' | 'built' | 'updated' | 'failed';

export const VECTOR_INDEX = 'vector_idx';

/**
 * Unindexed rows (new or changed since the build) a search scans exactly. Past this
 * share they are folded into the index by `optimize` (no retraining); past
 * REBUILD_SHARE the partitions were trained on too few of today's rows, so it is rebuilt.
 */
const UNINDEXED_SHARE = 0.1;
const REBUILD_SHARE = 0.5;

/**
 * A flat scan of the vectors costs about 1 ms CPU a search per 1k rows, the indexed
 * query ~16 ms (at 100k: 158 ms a whole search flat, 78 ms indexed); the build costs
 * ~170 CPU-seconds at 100k. So the index pays from ~20k rows (GRAINLINE_VECTOR_INDEX_MIN_ROWS)
 * and is refreshed only when enough rows changed. The build is an optimisation: one that fails leaves the flat
 * scan, which returns the same answers, and never fails the run.
 */
export async function refreshVectorIndex(table: lancedb.Table, dim: number, minRows: number | undefined): Promise<VectorIndexAction> {
  try {
    const rows = await table.countRows();
    const has = (await table.listIndices()).some((i) => i.name === VECTOR_INDEX);
    if (minRows === undefined || rows < minRows) return has ? 'kept' : 'none';
    const unindexed = has ? ((await table.indexStats(VECTOR_INDEX))?.numUnindexedRows ?? rows) : rows;
    if (has && unindexed <= rows * UNINDEXED_SHARE) return 'kept';
    if (has && unindexed <= rows * REBUILD_SHARE) {
      // prunes nothing (versions older than 1970): maintainTable decides what goes
      await table.optimize({ cleanupOlderThan: new Date(0) });
      return 'updated';
    }
    await table.createIndex('vector', { config: lancedb.Index.ivfPq(ivfPqShape(rows, dim)), replace: true, name: VECTOR_INDEX });
    return 'built';
  } catch (err) {
    console.warn(`grainline: the vector index was not built, search scans every vector: ${(err as Error).message}`);
    return 'failed';
  }
}

/**
 * √rows partitions (the reader probes 40 of them, re-scoring 10x its top list exactly)
 * and 8 dimensions per PQ sub-vector: 317 partitions and 48 sub-vectors for 100k
 * tables of 384-dim vectors, where the top 40 matched exact search 0.995 of the time
 * at 256 (docs/accuracy.md, sixth round).
 */
export function ivfPqShape(rows: number, dim: number): { numPartitions: number; numSubVectors: number; distanceType: 'cosine' } {
  const numSubVectors = dim % 8 === 0 ? dim / 8 : 1;
  return { numPartitions: Math.max(1, Math.round(Math.sqrt(rows))), numSubVectors, distanceType: 'cosine' };
}
