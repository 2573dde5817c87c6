import * as lancedb from '@lancedb/lancedb';
import { rowToRecord } from '../schemas/arrow.js';
import type { TableRecord } from '../schemas/table-record.js';
import { embedderByName, hashingEmbedder, type Embedder } from '../infra/store/embedder.js';
import { lastRunVersion, listRunRecords, openTablesIfExists, sqlString } from '../infra/store/lance-store.js';
import { normalizeName } from '../enrichers/names.js';
import { NameResolver } from '../enrichers/catalog/resolver.js';
import { searchTables, type SearchHit, type SearchOptions } from './search.js';
import { closeNames, compactRecord, joinPath, type CompactTable, type JoinStep } from './agent-view.js';
import { exportRecord } from './export-record.js';

export type { SearchHit, SearchMode, SearchOptions } from './search.js';
export type { CompactTable, JoinStep } from './agent-view.js';

export interface JoinPathResult {
  /** the tables asked for, as the catalog names them */
  tables: string[];
  /** the joins, in order from the first table outwards */
  steps: JoinStep[];
  /** tables no chain of join keys reaches (within 6 joins) */
  unreachable: string[];
  /** names that matched no table, each with its close matches */
  unknown: { name: string; closeMatches: string[] }[];
}

export interface Catalog {
  search(query: string, opts?: SearchOptions): Promise<SearchHit[]>;
  get(name: string): Promise<TableRecord | undefined>;
  lineage(name: string, direction: 'up' | 'down', hops?: number): Promise<{ table: string; depth: number }[]>;
  all(): AsyncGenerator<TableRecord>;
  /** compact (the default): what an agent needs to pick and query a table; full: the export record */
  describe(name: string, detail?: 'compact' | 'full'): Promise<CompactTable | Record<string, unknown> | undefined>;
  /** the join keys along the shortest path connecting two or more tables */
  joinPath(names: string[]): Promise<JoinPathResult>;
  /** table names close to one that matched nothing */
  closeMatches(name: string, k?: number): Promise<string[]>;
  /** the embedder queries are embedded with: the one the catalog was written with */
  embedder: string;
  close(): void;
}

/**
 * The reader library agent front-ends use (the CLI and the MCP server use it too):
 * hybrid search, one table by any of its names, and lineage walks.
 */
export async function openCatalog(uri: string, env: NodeJS.ProcessEnv = process.env): Promise<Catalog> {
  const db = await lancedb.connect(uri);
  // a table a killed first write left uncommitted is no catalog either
  const table = await openTablesIfExists(db);
  if (!table) throw new Error(`no Grainline catalog at ${uri}: run \`grainline enrich\` first`);
  // readers see whole runs: the version the last run tagged, not the commits of a write under way or killed midway
  const runVersion = await lastRunVersion(table);
  if (runVersion !== undefined && runVersion !== (await table.version())) await table.checkout(runVersion);
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

  // id -> name, columns and join edges: one read of three columns, on first use
  let graph: Promise<Map<string, { table: string; columns: string[]; joins: TableRecord['joinKeys'] }>> | undefined;
  const loadGraph = async () => {
    const out = new Map<string, { table: string; columns: string[]; joins: TableRecord['joinKeys'] }>();
    for await (const batch of table.query().select(['id', 'table', 'columns', 'joinKeys'])) {
      for (const row of batch.toArray()) {
        const r = row.toJSON() as { id: string; table: string; columns: string | null; joinKeys: string | null };
        const columns = r.columns ? (JSON.parse(r.columns) as { name: string }[]).map((c) => c.name) : [];
        out.set(r.id, { table: r.table, columns, joins: r.joinKeys ? JSON.parse(r.joinKeys) : [] });
      }
    }
    return out;
  };
  const idOf = async (name: string) => {
    const id = normalizeName(name);
    const g = await (graph ??= loadGraph());
    return g.has(id) ? id : await resolve(name);
  };

  const catalog: Catalog = {
    embedder: embedder.name,
    search: (query, opts) => searchTables(table, embedder, query, opts),
    async describe(name, detail = 'compact') {
      const record = await catalog.get(name);
      if (!record) return undefined;
      if (detail === 'full') return exportRecord(record);
      const g = await (graph ??= loadGraph());
      const other = new Map<string, string[] | undefined>();
      for (const k of record.joinKeys) {
        const id = (await idOf(k.table)) ?? '';
        other.set(k.table, g.get(id)?.columns);
      }
      return compactRecord(record, (t) => other.get(t));
    },
    async joinPath(names) {
      const g = await (graph ??= loadGraph());
      const ids: string[] = [];
      const unknown: JoinPathResult['unknown'] = [];
      for (const n of names) {
        const id = await idOf(n);
        if (id && g.has(id)) ids.push(id);
        else unknown.push({ name: n, closeMatches: await catalog.closeMatches(n) });
      }
      const unique = [...new Set(ids)];
      const edgeCache = new Map<string, ReturnType<typeof edgesOf>>();
      const edgesOf = (id: string) => {
        const out: { to: string; columns: string[]; refColumns: string[]; confidence: number; source: string }[] = [];
        for (const k of g.get(id)?.joins ?? []) {
          const to = g.has(normalizeName(k.table)) ? normalizeName(k.table) : resolver?.resolve(k.table);
          if (to && to !== id) out.push({ to, columns: k.columns, refColumns: k.refColumns, confidence: k.confidence, source: k.source });
        }
        return out;
      };
      await resolve(''); // the resolver, for join keys written with a shorter name
      const path = unique.length >= 2 ? joinPath(unique, (id) => edgeCache.get(id) ?? (edgeCache.set(id, edgesOf(id)), edgeCache.get(id)!), (id) => g.get(id)?.table ?? id) : { steps: [], unreachable: [] };
      return { tables: unique.map((id) => g.get(id)!.table), ...path, unknown };
    },
    async closeMatches(name, k = 5) {
      const g = await (graph ??= loadGraph());
      return closeNames(name, [...g.values()].map((v) => v.table), k);
    },
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
