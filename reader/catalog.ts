import * as lancedb from '@lancedb/lancedb';
import { rowToRecord } from '../schemas/arrow.js';
import type { TableRecord } from '../schemas/table-record.js';
import { embedderByName, hashingEmbedder, type Embedder } from '../activities/embedder.js';
import { listRunRecords, sqlString, TABLES } from '../activities/lance-store.js';
import { normalizeName } from '../enrichers/names.js';
import { NameResolver } from '../enrichers/catalog/resolver.js';
import { searchTables, type SearchHit, type SearchOptions } from './search.js';

export type { SearchHit, SearchMode, SearchOptions } from './search.js';

export interface Catalog {
  search(query: string, opts?: SearchOptions): Promise<SearchHit[]>;
  get(name: string): Promise<TableRecord | undefined>;
  lineage(name: string, direction: 'up' | 'down', hops?: number): Promise<{ table: string; depth: number }[]>;
  all(): AsyncGenerator<TableRecord>;
  close(): void;
}

/**
 * The reader library agent front-ends use (the CLI and the MCP server use it too):
 * hybrid search, one table by any of its names, and lineage walks.
 */
export async function openCatalog(uri: string, env: NodeJS.ProcessEnv = process.env): Promise<Catalog> {
  const db = await lancedb.connect(uri);
  if (!(await db.tableNames()).includes(TABLES)) {
    throw new Error(`no Grainline catalog at ${uri}: run \`grainline enrich\` first`);
  }
  const table = await db.openTable(TABLES);
  const runs = await listRunRecords(db);
  // a failed run wrote no vectors: the embedder is the last successful run's
  const last = runs.filter((r) => r.status === 'succeeded').at(-1);
  const embedder: Embedder = last ? embedderByName(last.embedder, env) : hashingEmbedder;
  let resolver: NameResolver | undefined;

  const byId = async (id: string) => {
    const rows = await table.query().where(`id = ${sqlString(id)}`).limit(1).toArray();
    return rows[0] ? rowToRecord(rows[0]) : undefined;
  };

  const resolve = async (name: string) => {
    if (!resolver) {
      resolver = new NameResolver();
      for (const r of await table.query().select(['id', 'aliases']).toArray()) {
        resolver.add(r.id as string, Array.from((r.aliases ?? []) as Iterable<string>));
      }
    }
    return resolver.resolve(name);
  };

  const catalog: Catalog = {
    search: (query, opts) => searchTables(table, embedder, query, opts),
    async get(name) {
      const id = normalizeName(name);
      return (await byId(id)) ?? (await byId((await resolve(name)) ?? ''));
    },
    async lineage(name, direction, hops = 1) {
      const start = await catalog.get(name);
      if (!start) return [];
      const seen = new Map<string, number>([[start.id, 0]]);
      let frontier = [start];
      for (let depth = 1; depth <= hops && frontier.length; depth++) {
        const next: TableRecord[] = [];
        for (const rec of frontier) {
          for (const n of direction === 'up' ? rec.upstream : rec.downstream) {
            if (seen.has(n)) continue;
            seen.set(n, depth);
            const r = await byId(n);
            if (r) next.push(r);
          }
        }
        frontier = next;
      }
      seen.delete(start.id);
      return [...seen].map(([table, depth]) => ({ table, depth })).sort((a, b) => a.depth - b.depth || a.table.localeCompare(b.table));
    },
    async *all() {
      for await (const batch of table.query()) {
        for (const row of batch.toArray()) yield rowToRecord(row.toJSON());
      }
    },
    close: () => db.close(),
  };
  return catalog;
}
