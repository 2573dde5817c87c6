import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NameResolver } from '../enrichers/catalog/resolver.js';
import { UserError } from '../infra/errors.js';
import { runPaths } from '../infra/run-folder/run-paths.js';

export interface IndexLine {
  id: string;
  aliases: string[];
  shard: number;
  columns: string[];
  downstream: string[];
}

/** The crawl's id/alias/shard index, and a resolver rebuilt from it. */
export async function loadCatalogIndex(runDir: string): Promise<{ lines: IndexLine[]; resolver: NameResolver }> {
  const lines = JSON.parse(await readFile(runPaths(runDir).index, 'utf8')) as IndexLine[];
  const resolver = new NameResolver();
  for (const l of lines) resolver.add(l.id, l.aliases);
  return { lines, resolver };
}

/** Each catalog shard's [id, entry fingerprint] pairs, by shard number: a few MB where the index is a hundred. */
export async function loadShardKeys(runDir: string): Promise<Map<number, [string, string][]>> {
  const dir = runPaths(runDir).catalogDir;
  const out = new Map<number, [string, string][]>();
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.keys.json')).sort()) {
    out.set(Number(/\d+/.exec(f)![0]), JSON.parse(await readFile(join(dir, f), 'utf8')));
  }
  return out;
}

/**
 * Resolves a partial run's tables and stores the ids in the run folder, where every
 * shard reads them: the list would otherwise be copied into each shard's input, and
 * a 10k-id backfill times 50 shards is what Temporal's history limits are about.
 */
export async function resolveTables(input: { runDir: string; tables: string[]; withDownstream: boolean; force: boolean }): Promise<{ tables: number }> {
  const ids = await selectedIds(input);
  const selection: RunSelection = { only: ids, force: input.force ? ids : [] };
  await writeFile(runPaths(input.runDir).selection, JSON.stringify(selection));
  return { tables: ids.length };
}

/** which ids a partial run enriches, and which of them whatever their fingerprint */
export interface RunSelection {
  only: string[];
  force: string[];
}

/**
 * The ids of the tables a partial run names, and with `withDownstream` everything
 * that reads them, transitively (backfill --with-downstream).
 */
async function selectedIds(input: { runDir: string; tables: string[]; withDownstream: boolean }): Promise<string[]> {
  const { lines, resolver } = await loadCatalogIndex(input.runDir);
  const down = new Map(lines.map((l) => [l.id, l.downstream]));
  const out = new Set<string>();
  const queue = input.tables.map((t) => {
    const id = resolver.resolve(t);
    if (!id) throw new UserError(`no table named '${t}' is defined in the repo`);
    return id;
  });
  while (queue.length) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    if (input.withDownstream) queue.push(...(down.get(id) ?? []));
  }
  return [...out].sort();
}
