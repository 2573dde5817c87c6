import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopCatalog } from '../reader/shop-catalog.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The text of a tool result, parsed: every Grainline tool answers JSON. */
function payload(result: Awaited<ReturnType<Client['callTool']>>): unknown {
  const [first] = result.content as { type: string; text: string }[];
  expect(first.type).toBe('text');
  return JSON.parse(first.text);
}

describe('grainline mcp: a real stdio child process and the SDK client', () => {
  let client: Client;

  beforeAll(async () => {
    const { db } = await shopCatalog();
    client = new Client({ name: 'grainline-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: ['bin/grainline.js', 'mcp', '--db', db], cwd: root, stderr: 'ignore' }),
    );
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists the four tools with their inputs', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(['describe_table', 'join_path', 'search_tables', 'table_lineage']);
    expect(byName.get('search_tables')!.inputSchema.required).toEqual(['query']);
    expect(Object.keys(byName.get('table_lineage')!.inputSchema.properties ?? {}).sort()).toEqual(['direction', 'hops', 'table']);
  });

  it('search_tables finds the table that answers the question, and kind narrows it', async () => {
    const { results: hits } = payload(await client.callTool({ name: 'search_tables', arguments: { query: 'daily revenue per country', limit: 3 } })) as {
      results: { table: string }[];
    };
    expect(hits[0].table).toBe('marts.fct_daily_revenue');
    expect(hits).toHaveLength(3);
    const { results: jobs } = payload(await client.callTool({ name: 'search_tables', arguments: { query: 'revenue', kind: 'sql job' } })) as {
      results: { kind: string }[];
    };
    expect(jobs.length).toBeGreaterThan(0);
    expect(new Set(jobs.map((h) => h.kind))).toEqual(new Set(['sql job']));
  });

  it('describe_table answers the export record with detail full; an unknown table is a tool error', async () => {
    const { table: rec } = payload(await client.callTool({ name: 'describe_table', arguments: { table: 'marts.fct_daily_revenue', detail: 'full' } })) as {
      table: Record<string, unknown>;
    };
    expect(rec).toMatchObject({ table: 'marts.fct_daily_revenue', upstream: ['stg_customers', 'stg_orders'], downstream: ['reporting.weekly_revenue'] });
    expect((rec.grain as { statement: string }).statement).toBe('one row per order_date and country');
    const missing = await client.callTool({ name: 'describe_table', arguments: { table: 'no_such_table' } });
    expect(missing.isError).toBe(true);
  });

  it('table_lineage walks up two hops, nearest first', async () => {
    const up = payload(await client.callTool({ name: 'table_lineage', arguments: { table: 'reporting.weekly_revenue', direction: 'up', hops: 2 } }));
    expect(up).toEqual({
      table: 'reporting.weekly_revenue',
      direction: 'up',
      tables: [
        { table: 'marts.fct_daily_revenue', depth: 1 },
        { table: 'stg_customers', depth: 2 },
        { table: 'stg_orders', depth: 2 },
      ],
    });
  });
});
