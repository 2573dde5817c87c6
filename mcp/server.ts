import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Catalog } from '../reader/catalog.js';
import { exportRecord } from '../reader/export-record.js';

const json = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 1) }] });
const notFound = (name: string): CallToolResult => ({
  isError: true,
  content: [{ type: 'text', text: `no table named '${name}' in the catalog; search_tables finds tables by what they contain` }],
});

/**
 * The catalog as MCP tools, for any agent front-end: find tables, read one table's
 * enrichment, walk lineage. Read-only; every answer comes from the reader library.
 */
export function catalogServer(catalog: Catalog, inflight = new Set<Promise<unknown>>()): McpServer {
  const server = new McpServer({ name: 'grainline', version: '0.1.0' });
  const readOnly = { readOnlyHint: true, openWorldHint: false };
  // Calls still running when stdin ends must finish before the catalog closes.
  const tracked =
    <A>(fn: (args: A) => Promise<CallToolResult>) =>
    (args: A) => {
      const p = fn(args);
      inflight.add(p);
      return p.finally(() => inflight.delete(p));
    };

  server.registerTool(
    'search_tables',
    {
      title: 'Search tables',
      description:
        'Find the tables that answer a data question. Hybrid search (meaning + exact words) over one curated ' +
        'description per table: grain, join keys, lineage, owners, usage. Returns the best tables first.',
      inputSchema: {
        query: z.string().min(1).describe('the question or keywords, e.g. "weekly revenue by country"'),
        limit: z.number().int().min(1).max(50).default(5).describe('how many tables'),
        kind: z.string().optional().describe("only this kind, e.g. 'dbt model', 'sql job', 'view'"),
        owner: z.string().optional().describe('only tables this user or team owns'),
      },
      annotations: readOnly,
    },
    tracked(async ({ query, limit, kind, owner }) => {
      const hits = await catalog.search(query, { limit, kind, owner });
      return json(hits.map((h) => ({ table: h.table, kind: h.kind, score: Number(h.score.toFixed(4)), description: h.description })));
    }),
  );

  server.registerTool(
    'describe_table',
    {
      title: 'Describe a table',
      description: 'Everything known about one table: grain, join keys, upstream and downstream, owners, usage, annotations, provenance.',
      inputSchema: { table: z.string().min(1).describe('the table name as a query would write it') },
      annotations: readOnly,
    },
    tracked(async ({ table }) => {
      const record = await catalog.get(table);
      return record ? json(exportRecord(record)) : notFound(table);
    }),
  );

  server.registerTool(
    'table_lineage',
    {
      title: 'Table lineage',
      description: 'The tables a table reads (up) or that read it (down), up to N hops away, nearest first.',
      inputSchema: {
        table: z.string().min(1).describe('the table name'),
        direction: z.enum(['up', 'down']).describe('up: what it reads; down: what reads it'),
        hops: z.number().int().min(1).max(10).default(1).describe('how many hops to walk'),
      },
      annotations: readOnly,
    },
    tracked(async ({ table, direction, hops }) => {
      const record = await catalog.get(table);
      if (!record) return notFound(table);
      return json({ table: record.table, direction, tables: await catalog.lineage(record.id, direction, hops) });
    }),
  );
  return server;
}

/**
 * Serves until the client closes stdin, then answers what is still running (so
 * `printf '...' | grainline mcp` works too). stdout carries only protocol messages.
 */
export async function serveStdio(catalog: Catalog): Promise<void> {
  const inflight = new Set<Promise<unknown>>();
  const server = catalogServer(catalog, inflight);
  const ended = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await server.connect(new StdioServerTransport());
  await ended;
  do {
    await Promise.allSettled([...inflight]);
    // the SDK sends each answer in a continuation of the handler's promise
    await new Promise((resolve) => setImmediate(resolve));
  } while (inflight.size);
  await server.close();
}
