import { readFile } from 'node:fs/promises';
import type { CatalogEntry } from '../schemas/catalog.js';
import type { TableRecord } from '../schemas/table-record.js';
import { mergeTable } from '../enrichers/merge/merge-table.js';
import { searchTextOf } from '../enrichers/embed/search-text.js';
import { writeJsonl } from '../infra/run-folder/jsonl.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import { safeHeartbeat } from './heartbeat.js';
import { shardWork } from './shard-fingerprints.js';

export interface EnrichShardInput {
  runDir: string;
  shard: number;
  commit: string;
  runId: string;
  /** re-enrich even when the fingerprint is unchanged */
  full: boolean;
  /** a partial run: the ids to enrich (and force) are in the run's selection file */
  selected?: boolean;
  /** runs started before the selection file carried the lists here */
  only?: string[];
  force?: string[];
  now: string;
  /** the run's embedder (CrawlResult.embedder); absent in older histories: chosen from the catalog's size */
  embedder?: string;
  catalogTables?: number;
}

export interface EnrichShardResult {
  enriched: number;
  skipped: number;
  failed: number;
  recordsPath: string | null;
}

/**
 * Merges one shard's tables with their usage, annotations and model facts, writes
 * the description, embeds it, and leaves the records for the single writer. Tables
 * whose fingerprint matches what is stored are skipped.
 */
export async function enrichShard(input: EnrichShardInput): Promise<EnrichShardResult> {
  const paths = runPaths(input.runDir);
  const { tables, skipped, embedder } = await shardWork(input);
  const out: { record: TableRecord; text: string }[] = [];
  let failed = 0;
  // Most tables of a nightly run are unchanged: their lines are never parsed, and a
  // shard with nothing to enrich is never read.
  const lines = tables.length ? (await readFile(paths.catalogShard(input.shard), 'utf8')).split('\n') : [];
  for (const t of tables) {
    try {
      const entry = JSON.parse(lines[t.line]) as CatalogEntry;
      const merged = mergeTable(entry, { usage: t.usage, annotation: t.annotation, model: t.model, similar: entry.similar });
      const record: TableRecord = {
        ...merged,
        fingerprint: t.fingerprint,
        commit: input.commit,
        runId: input.runId,
        updatedAt: input.now,
      };
      out.push({ record, text: searchTextOf(record) });
    } catch (err) {
      failed++;
      console.warn(`grainline: could not merge ${t.id}: ${(err as Error).message}`);
    }
  }
  safeHeartbeat({ shard: input.shard, merged: out.length });
  if (!out.length) return { enriched: 0, skipped, failed, recordsPath: null };
  const vectors = await embedder.embed(out.map((o) => o.text));
  await writeJsonl(
    paths.recordShard(input.shard),
    out.map((o, i) => ({ record: o.record, vector: vectors[i], searchText: o.text, embedder: embedder.name })),
  );
  return { enriched: out.length, skipped, failed, recordsPath: paths.recordShard(input.shard) };
}
