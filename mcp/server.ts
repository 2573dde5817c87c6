import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { TableKind } from '../schemas/facts.js';
import type { Catalog } from '../reader/catalog.js';

/** Structured output (validated against the tool's outputSchema) and the same JSON as text, for clients without it. */
const answer = (value: Record<string, unknown>): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value) }],
  structuredContent: value,
});

const miss = async (catalog: Catalog, name: string): Promise<CallToolResult> => {
  const close = await catalog.closeMatches(name);
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text:
          `no table named '${name}' in the catalog` +
          (close.length ? `; close matches: ${close.join(', ')}` : '') +
          '. search_tables finds tables by what they contain',
      },
    ],
  };
};

const Confidence = z.number().min(0).max(1);
const SearchResult = z.object({
  table: z.string(),
  kind: z.string(),
  score: z.number(),
  description: z.string(),
  grain: z.string().optional(),
  deprecated: z.boolean().optional(),
});
const CompactTable = z.object({
  table: z.string(),
  kind: z.string(),
  description: z.string(),
  grain: z.object({ statement: z.string(), columns: z.array(z.string()), confidence: Confidence }).nullable(),
  joinKeys: z.array(
    z.object({
      table: z.string(),
      on: z.array(z.string()),
      columns: z.array(z.string()),
      refColumns: z.array(z.string()),
      confidence: Confidence,
      source: z.string(),
      otherColumns: z.array(z.string()).optional(),
    }),
  ),
  owners: z.array(z.object({ id: z.string(), kind: z.string(), source: z.string(), confidence: Confidence })),
  usage: z
    .object({
      queries30d: z.number(),
      distinctUsers: z.number(),
      tier: z.string(),
      topFilters: z.array(z.string()),
      joinedWith: z.array(z.string()),
      example: z.string().optional(),
    })
    .nullable(),
  caveats: z.array(z.string()),
  deprecated: z.object({ replacedBy: z.string().optional() }).optional(),
  columns: z.array(z.object({ name: z.string(), type: z.string().optional(), description: z.string().optional() })),
  upstream: z.array(z.string()),
  downstream: z.array(z.string()),
});
const JoinStep = z.object({ from: z.string(), to: z.string(), on: z.array(z.string()), confidence: Confidence, source: z.string() });

/**
 * The catalog as MCP tools, for any agent front-end: find tables, read one table,
 * join tables, walk lineage. Read-only; every answer comes from the reader library,
 * as structured content with an output schema (and the same JSON as text).
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
        kind: TableKind.optional().describe('only tables of this kind'),
        owner: z.string().optional().describe('only tables this user or team owns'),
        exclude_deprecated: z.boolean().default(false).describe('leave out tables annotated as deprecated'),
      },
      outputSchema: { results: z.array(SearchResult) },
      annotations: readOnly,
    },
    tracked(async ({ query, limit, kind, owner, exclude_deprecated }) => {
      const hits = await catalog.search(query, { limit, kind, owner, excludeDeprecated: exclude_deprecated });
      return answer({
        results: hits.map((h) => ({
          table: h.table,
          kind: h.kind,
          score: Number(h.score.toFixed(4)),
          description: h.description,
          ...(h.record.grain ? { grain: h.record.grain.statement } : {}),
          ...(h.record.annotations?.deprecated ? { deprecated: true } : {}),
        })),
      });
    }),
  );

  server.registerTool(
    'describe_table',
    {
      title: 'Describe a table',
      description:
        'One table: description, grain, join keys (with the other table\'s columns), owners, usage, caveats, columns, ' +
        'neighbours. detail "full" gives the whole record (provenance, conflicts, fingerprints). An unknown name answers close matches.',
      inputSchema: {
        table: z.string().min(1).describe('the table name as a query would write it'),
        detail: z.enum(['compact', 'full']).default('compact').describe('compact (default) or full'),
      },
      outputSchema: { table: CompactTable.or(z.record(z.string(), z.unknown())) },
      annotations: readOnly,
    },
    tracked(async ({ table, detail }) => {
      const view = await catalog.describe(table, detail);
      return view ? answer({ table: view as Record<string, unknown> }) : miss(catalog, table);
    }),
  );

  server.registerTool(
    'join_path',
    {
      title: 'Join path',
      description:
        'How to join two or more tables: the join keys along the shortest chain of joins that connects them ' +
        '(from join clauses, relationships tests, foreign keys and query logs), each with its confidence.',
      inputSchema: { tables: z.array(z.string().min(1)).min(2).max(10).describe('the tables to connect; the first is the start') },
      outputSchema: {
        tables: z.array(z.string()),
        steps: z.array(JoinStep),
        unreachable: z.array(z.string()),
        unknown: z.array(z.object({ name: z.string(), closeMatches: z.array(z.string()) })),
      },
      annotations: readOnly,
    },
    tracked(async ({ tables }) => {
      const res = await catalog.joinPath(tables);
      if (res.tables.length < 1 && res.unknown.length) return miss(catalog, res.unknown[0].name);
      return answer({ ...res });
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
      outputSchema: {
        table: z.string(),
        direction: z.enum(['up', 'down']),
        tables: z.array(z.object({ table: z.string(), depth: z.number().int() })),
      },
      annotations: readOnly,
    },
    tracked(async ({ table, direction, hops }) => {
      const record = await catalog.get(table);
      if (!record) return miss(catalog, table);
      return answer({ table: record.table, direction, tables: await catalog.lineage(record.id, direction, hops) });
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
