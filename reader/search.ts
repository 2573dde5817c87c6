import type * as lancedb from '@lancedb/lancedb';
import { rowToRecord } from '../schemas/arrow.js';
import { TableRecord } from '../schemas/table-record.js';
import type { Embedder } from '../infra/store/embedder.js';
import { matchesFilters, predicateOf, type SearchFilters } from './filters.js';
import { priorOf, reciprocalRankFusion } from './fusion.js';

export type SearchMode = 'hybrid' | 'vector' | 'text';

export interface SearchOptions extends SearchFilters {
  limit?: number;
  mode?: SearchMode;
  /** leave out tables an annotation marks deprecated */
  excludeDeprecated?: boolean;
  /** fusion overrides for tuning (scripts/eval-retrieval.ts --fusion); the defaults are the tuned ones */
  fusion?: { k?: number; vectorWeight?: number; textWeight?: number; queryCountWeight?: number };
}

export interface SearchHit {
  table: string;
  kind: string;
  score: number;
  description: string;
  record: TableRecord;
}

/** Record columns only: vectors and search text are never worth shipping to the reader. */
const COLUMNS = Object.keys(TableRecord.shape);

/** Weights of the fused lists; tuned with scripts/eval-retrieval.ts. */
export const VECTOR_WEIGHT = 1;
export const TEXT_WEIGHT = 1;

/**
 * Hybrid search fuses its own candidate lists (reciprocal-rank fusion, then usage and
 * deprecation priors) instead of LanceDB's built-in reranker, so the priors can act on
 * whole records. `vector` and `text` are the single signals, unboosted, for comparison.
 */
export async function searchTables(table: lancedb.Table, embedder: Embedder, query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
  const limit = opts.limit ?? 10;
  const mode = opts.mode ?? 'hybrid';
  // Fusion and exact owner checks both need a deeper pool than what is finally shown.
  const pool = mode === 'hybrid' || opts.owner || opts.excludeDeprecated ? Math.max(limit * 4, 40) : limit;
  const where = predicateOf(opts);
  const keep = (rows: Record<string, unknown>[]) =>
    rows.map((row) => ({ row, record: rowToRecord(row) })).filter((c) => matchesFilters(c.record, opts) && !(opts.excludeDeprecated && c.record.annotations?.deprecated));

  const byVector = async () => {
    if (!query.trim()) return [];
    const [vec] = await embedder.embed([query]);
    // With an IVF-PQ index (large catalogs) 40 partitions and exact re-scoring of 10x the
    // pool keep the top 40 at 0.995 of the exact list for a sixth of the flat scan's CPU
    // (100k tables: 100 -> 16 ms); without an index both settings are ignored.
    let q = table.query().nearestTo(vec).distanceType('cosine').nprobes(40).refineFactor(10).select([...COLUMNS, '_distance']);
    if (where) q = q.where(where);
    return keep(await q.limit(pool).toArray());
  };
  const byText = async () => {
    if (!query.trim()) return [];
    let q = table.query().fullTextSearch(query).select([...COLUMNS, '_score']);
    if (where) q = q.where(where);
    return keep(await q.limit(pool).toArray());
  };
  const hit = (record: TableRecord, score: number): SearchHit => ({ table: record.table, kind: record.kind, score, description: record.description, record });

  if (mode === 'vector') return (await byVector()).slice(0, limit).map((c) => hit(c.record, 1 - Number(c.row._distance ?? 1)));
  if (mode === 'text') return (await byText()).slice(0, limit).map((c) => hit(c.record, Number(c.row._score ?? 0)));

  const [vector, text] = await Promise.all([byVector(), byText()]);
  const records = new Map([...vector, ...text].map((c) => [c.record.id, c.record]));
  const fused = reciprocalRankFusion([
    { ids: vector.map((c) => c.record.id), weight: opts.fusion?.vectorWeight ?? VECTOR_WEIGHT },
    { ids: text.map((c) => c.record.id), weight: opts.fusion?.textWeight ?? TEXT_WEIGHT },
  ], opts.fusion?.k);
  return [...fused]
    .map(([id, s]) => hit(records.get(id)!, s * priorOf(records.get(id)!, opts.fusion?.queryCountWeight)))
    .sort((a, b) => b.score - a.score || a.table.localeCompare(b.table))
    .slice(0, limit);
}
