import { readFile } from 'node:fs/promises';
import { NameResolver } from '../enrichers/catalog/resolver.js';
import { runPaths } from './run-dir.js';

export interface IndexLine {
  id: string;
  aliases: string[];
  shard: number;
  columns: string[];
}

/** The crawl's id/alias/shard index, and a resolver rebuilt from it. */
export async function loadCatalogIndex(runDir: string): Promise<{ lines: IndexLine[]; resolver: NameResolver }> {
  const lines = JSON.parse(await readFile(runPaths(runDir).index, 'utf8')) as IndexLine[];
  const resolver = new NameResolver();
  for (const l of lines) resolver.add(l.id, l.aliases);
  return { lines, resolver };
}
