import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { TableFact } from '../schemas/facts.js';
import type { Usage } from '../schemas/table-record.js';
import type { Annotation } from '../schemas/annotation.js';
import { runEmbedder, type Embedder } from '../infra/store/embedder.js';
import { SEARCH_TEXT_VERSION } from '../enrichers/embed/search-text.js';
import { readAllJsonl } from '../infra/run-folder/jsonl.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import type { RunSelection } from './catalog-index.js';

// Which tables of a shard need enriching, without the merging code: the enrich pool
// asks this first, so a shard with nothing to do (most of a nightly run, all of an
// unchanged one) never starts a thread or loads the merge modules.

export interface ShardSelection {
  shard: number;
  runDir: string;
  /** re-enrich even when the fingerprint is unchanged */
  full: boolean;
  /** a partial run: only the ids of the run's selection file are enriched, some forced (`resolveTables`) */
  selected?: boolean;
  /** the lists themselves, as shard inputs carried them before the selection file: a retried activity of such a run still has them */
  only?: string[];
  force?: string[];
  embedder?: string;
  catalogTables?: number;
}

export interface ShardTable {
  /** position of the table's line in the catalog shard */
  line: number;
  id: string;
  fingerprint: string;
  annotation: Annotation | null;
  usage: Usage | null;
  model: TableFact | null;
}

export interface ShardWork {
  /** tables to enrich, in catalog order */
  tables: ShardTable[];
  skipped: number;
  /** the run's embedder, chosen once for the shard: its name is in every fingerprint */
  embedder: Embedder;
}

interface ModelLine {
  id: string;
  fact: TableFact | null;
}

/**
 * Splits a shard into the tables to enrich and those to skip. A table's fingerprint
 * covers its catalog entry, its usage, annotation and model fact, the embedder (a run
 * with another embedder re-embeds every table instead of mixing two vector spaces) and
 * the search text's version (a new search text re-embeds every table).
 */
export async function shardWork(input: ShardSelection): Promise<ShardWork> {
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
  const selection: RunSelection | null = input.selected
    ? JSON.parse(await readFile(paths.selection, 'utf8'))
    : input.only ? { only: input.only, force: input.force ?? [] } : null;
  const only = selection ? new Set(selection.only) : null;
  const force = new Set(selection?.force ?? []);
  const embedder = runEmbedder(input);
  const tables: ShardTable[] = [];
  let skipped = 0;
  for (const [line, [id, entryFingerprint]] of keys.entries()) {
    if (only && !only.has(id)) {
      skipped++;
      continue;
    }
    const t = { line, id, fingerprint: '', annotation: annotations[id] ?? null, usage: usage.get(id) ?? null, model: model.get(id) ?? null };
    t.fingerprint = createHash('sha256')
      .update(entryFingerprint)
      .update(JSON.stringify([t.annotation, t.usage, t.model]))
      .update(embedder.name)
      // the text embedded comes from code, not from the entry: a new way of writing it
      // must reach unchanged tables too (the code version covers analyzers, not this hash)
      .update(`search text ${SEARCH_TEXT_VERSION}`)
      .digest('hex')
      .slice(0, 32);
    if (!input.full && !force.has(id) && stored[id] === t.fingerprint) skipped++;
    else tables.push(t);
  }
  return { tables, skipped, embedder };
}

async function readJsonIfExists<T>(path: string, fallback: T): Promise<T> {
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as T) : fallback;
}
