import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CatalogEntry } from '../schemas/catalog.js';
import type { TableFact } from '../schemas/facts.js';
import type { TableRecord, Usage } from '../schemas/table-record.js';
import type { Annotation } from '../schemas/annotation.js';
import { mergeTable } from '../enrichers/merge/merge-table.js';
import { searchTextOf } from '../enrichers/embed/search-text.js';
import { runEmbedder } from '../infra/store/embedder.js';
import { readAllJsonl, writeJsonl } from '../infra/run-folder/jsonl.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import { safeHeartbeat } from './heartbeat.js';

export interface EnrichShardInput {
  runDir: string;
  shard: number;
  commit: string;
  runId: string;
  /** re-enrich even when the fingerprint is unchanged */
  full: boolean;
  /** when set, only these ids are enriched (the rest of the shard is skipped) */
  only?: string[];
  /** ids re-enriched whatever their fingerprint (backfill) */
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

interface ModelLine {
  id: string;
  fact: TableFact | null;
}

/**
 * Merges one shard's tables with their usage, annotations and model facts, writes
 * the description, embeds it, and leaves the records for the single writer. Tables
 * whose fingerprint matches what is stored are skipped.
 */
export async function enrichShard(input: EnrichShardInput): Promise<EnrichShardResult> {
  const paths = runPaths(input.runDir);
  const keys: [string, string][] = JSON.parse(await readFile(paths.catalogKeys(input.shard), 'utf8'));
  const stored: Record<string, string> = await readJsonIfExists(paths.stored(input.shard), {});
  const annotations: Record<string, Annotation> = await readJsonIfExists(paths.annotations, {});
  const usage = new Map<string, Usage>();
  if (existsSync(paths.usageShard(input.shard))) {
    for (const u of await readAllJsonl<{ id: string; usage: Usage }>(paths.usageShard(input.shard))) usage.set(u.id, u.usage);
  }
  const model = new Map<string, TableFact>();
  const modelPath = paths.model.forShard(input.shard);
  if (existsSync(modelPath)) {
    for (const m of await readAllJsonl<ModelLine>(modelPath)) if (m.fact) model.set(m.id, m.fact);
  }
  const only = input.only ? new Set(input.only) : null;
  const force = new Set(input.force ?? []);

  const out: { record: TableRecord; text: string }[] = [];
  // chosen once for the shard; its name is in every fingerprint, so a run with another
  // embedder re-embeds every table instead of mixing two vector spaces
  const embedder = runEmbedder(input);
  let skipped = 0;
  let failed = 0;
  // Most tables of a nightly run are unchanged: their lines are never parsed, and a
  // shard with nothing to enrich is never read.
  let lines: string[] | undefined;
  for (const [i, [id, entryFingerprint]] of keys.entries()) {
    if (only && !only.has(id)) {
      skipped++;
      continue;
    }
    const annotation = annotations[id] ?? null;
    const u = usage.get(id) ?? null;
    const m = model.get(id) ?? null;
    const fingerprint = createHash('sha256')
      .update(entryFingerprint)
      .update(JSON.stringify([annotation, u, m]))
      .update(embedder.name)
      .digest('hex')
      .slice(0, 32);
    if (!input.full && !force.has(id) && stored[id] === fingerprint) {
      skipped++;
      continue;
    }
    lines ??= (await readFile(paths.catalogShard(input.shard), 'utf8')).split('\n');
    try {
      const entry = JSON.parse(lines[i]) as CatalogEntry;
      const merged = mergeTable(entry, { usage: u, annotation, model: m, similar: entry.similar });
      const record: TableRecord = {
        ...merged,
        fingerprint,
        commit: input.commit,
        runId: input.runId,
        updatedAt: input.now,
      };
      out.push({ record, text: searchTextOf(record) });
    } catch (err) {
      failed++;
      console.warn(`grainline: could not merge ${id}: ${(err as Error).message}`);
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

async function readJsonIfExists<T>(path: string, fallback: T): Promise<T> {
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as T) : fallback;
}
