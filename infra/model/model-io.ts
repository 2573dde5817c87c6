import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { CatalogEntry } from '../../schemas/catalog.js';
import { readAllJsonl, writeJsonl } from '../run-folder/jsonl.js';
import { runPaths } from '../run-folder/run-paths.js';
import { ModelResult } from '../../schemas/model-answer.js';
import { catalogView, indexEntryOf, type CatalogView, type IndexEntry } from '../../enrichers/model/catalog-view.js';
import type { Neighbour, SourceFile } from '../../enrichers/model/context.js';

/** the repo checkout the catalog's file paths are relative to */
export const snapshotOf = (input: { runDir: string; snapshotDir?: string }) => input.snapshotDir ?? runPaths(input.runDir).snapshot;

/** JSON Lines through the shared helpers, each row checked by `parse`. */
export async function readJsonLines<T>(path: string, parse: (v: unknown) => T): Promise<T[]> {
  return (await readAllJsonl(path)).map(parse);
}

export async function writeJsonLines(path: string, rows: unknown[]): Promise<void> {
  await writeJsonl(path, rows);
}

export const readShard = (path: string) => readJsonLines(path, (v) => CatalogEntry.parse(v));

/** A partial file may end in a half-written line if the worker died mid-append. */
export function readPartialResults(path: string): ModelResult[] {
  if (!existsSync(path)) return [];
  const out: ModelResult[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(ModelResult.parse(JSON.parse(line)));
    } catch {
      // torn last line: that table is simply done again
    }
  }
  return out;
}

export async function buildIndex(runDir: string, shardPaths: string[]): Promise<string> {
  const rows: IndexEntry[] = [];
  for (const p of shardPaths) for (const e of await readShard(p)) rows.push(indexEntryOf(e));
  const path = runPaths(runDir).model.index;
  await writeJsonLines(path, rows);
  return path;
}

export async function loadCatalogView(runDir: string): Promise<CatalogView> {
  return catalogView(await readJsonLines(runPaths(runDir).model.index, (v) => v as IndexEntry));
}

/** Previous successful results by id, restricted to `ids` to keep memory per shard. */
export async function loadPrevious(path: string | undefined, ids: Set<string>): Promise<Map<string, ModelResult>> {
  const map = new Map<string, ModelResult>();
  if (!path || !existsSync(path)) return map;
  for (const r of readPartialResults(path)) if (ids.has(r.id)) map.set(r.id, r);
  return map;
}

export function neighboursOf(entry: CatalogEntry, view: CatalogView): Neighbour[] {
  const list = (ids: string[], direction: Neighbour['direction']) =>
    ids.map((id) => ({ id, direction, summary: view.summary(id) ?? '(not in the catalog)' }));
  return [...list(entry.upstream, 'upstream'), ...list(entry.downstream, 'downstream')];
}

/**
 * Resolves a repo-relative path inside the snapshot, or null if it would leave it:
 * absolute paths, `..`, and symlinks pointing outside are all refused.
 */
export function insideSnapshot(snapshotDir: string, path: string): string | null {
  if (!path || isAbsolute(path) || path.split(/[\\/]/).includes('..')) return null;
  const root = realpathSync(snapshotDir);
  const full = resolve(root, path);
  if (!existsSync(full)) return null;
  const real = realpathSync(full);
  const rel = relative(root, real);
  return rel.startsWith('..') || isAbsolute(rel) ? null : real;
}

export async function readSnapshotFiles(snapshotDir: string, paths: string[], maxBytes = 200_000): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const path of paths) {
    const full = insideSnapshot(snapshotDir, path);
    if (!full) continue;
    const buf = await readFile(full);
    out.push({ path, text: buf.subarray(0, maxBytes).toString('utf8') });
  }
  return out;
}
