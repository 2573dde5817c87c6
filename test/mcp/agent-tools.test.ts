import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableKind } from '../../schemas/facts.js';
import { warehouse } from './warehouse.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('grainline mcp, the agent view: compact records, join paths, structured output', () => {
  let client: Client;

  beforeAll(async () => {
    const db = await warehouse();
    client = new Client({ name: 'grainline-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: ['bin/grainline.js', 'mcp', '--db', db], cwd: root, stderr: 'ignore' }));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('declares output schemas, a kind enum of the real kinds, exclude_deprecated and join_path', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(['describe_table', 'join_path', 'search_tables', 'table_lineage']);
    for (const t of tools) expect(t.outputSchema?.type, t.name).toBe('object');
    const kind = byName.get('search_tables')!.inputSchema.properties!.kind as { enum: string[] };
    expect(kind.enum).toEqual(TableKind.options);
    expect(byName.get('search_tables')!.inputSchema.properties).toHaveProperty('exclude_deprecated');
    expect(byName.get('join_path')!.inputSchema.required).toEqual(['tables']);
  });

  it('describe_table is compact by default: rounded confidences, the other table\'s columns, no fingerprint or provenance', async () => {
    const res = await client.callTool({ name: 'describe_table', arguments: { table: 'stg_orders' } });
    const t = (res.structuredContent as { table: Record<string, any> }).table;
    expect(JSON.parse((res.content as { text: string }[])[0].text)).toEqual(res.structuredContent);
    expect(t.table).toBe('stg_orders');
    expect(t).not.toHaveProperty('fingerprint');
    expect(t).not.toHaveProperty('provenance');
    expect(t.grain.columns).toEqual(['order_id']);
    const toCustomers = t.joinKeys.find((k: any) => k.table === 'stg_customers');
    expect(toCustomers.on).toContain('stg_orders.customer_id = stg_customers.customer_id');
    expect(toCustomers.otherColumns).toEqual(expect.arrayContaining(['customer_id', 'name', 'country_code']));
    const confidences = [t.grain.confidence, ...t.joinKeys.map((k: any) => k.confidence), ...t.owners.map((o: any) => o.confidence)];
    for (const c of confidences) expect(Math.round(c * 100) / 100).toBe(c);
    expect(t.columns.map((c: any) => c.name)).toEqual(expect.arrayContaining(['order_id', 'customer_id', 'amount']));
    expect(JSON.stringify(res.structuredContent).length).toBeLessThan(4000);

    const full = await client.callTool({ name: 'describe_table', arguments: { table: 'stg_orders', detail: 'full' } });
    const f = (full.structuredContent as { table: Record<string, unknown> }).table;
    expect(f).toHaveProperty('fingerprint');
    expect(f).toHaveProperty('provenance');
  });

  it('deprecation shows in the compact view, and exclude_deprecated leaves it out of search', async () => {
    const legacy = (await client.callTool({ name: 'describe_table', arguments: { table: 'legacy_orders' } })).structuredContent as { table: any };
    expect(legacy.table.deprecated).toEqual({ replacedBy: 'stg_orders' });
    expect(legacy.table.caveats).toEqual(['Stopped updating in 2024.']);
    const search = async (exclude: boolean) =>
      ((await client.callTool({ name: 'search_tables', arguments: { query: 'orders', limit: 10, exclude_deprecated: exclude } })).structuredContent as {
        results: { table: string }[];
      }).results.map((r) => r.table);
    expect(await search(false)).toContain('legacy_orders');
    const without = await search(true);
    expect(without).not.toContain('legacy_orders');
    expect(without).toContain('stg_orders');
  });

  it('join_path: the join keys along the shortest chain, two hops from orders to countries', async () => {
    const res = await client.callTool({ name: 'join_path', arguments: { tables: ['stg_orders', 'stg_countries'] } });
    const p = res.structuredContent as { tables: string[]; steps: { from: string; to: string; on: string[] }[]; unreachable: string[] };
    expect(p.tables).toEqual(['stg_orders', 'stg_countries']);
    expect(p.steps.map((s) => [s.from, s.to])).toEqual([
      ['stg_orders', 'stg_customers'],
      ['stg_customers', 'stg_countries'],
    ]);
    expect(p.steps[0].on).toEqual(['stg_orders.customer_id = stg_customers.customer_id']);
    expect(p.steps[1].on).toEqual(['stg_customers.country_code = stg_countries.country_code']);
    expect(p.unreachable).toEqual([]);
  });

  it('a miss answers close matches, in describe_table, join_path and table_lineage', async () => {
    const typo = await client.callTool({ name: 'describe_table', arguments: { table: 'stg_ordres' } });
    expect(typo.isError).toBe(true);
    expect((typo.content as { text: string }[])[0].text).toMatch(/close matches: stg_orders/);
    const other = await client.callTool({ name: 'table_lineage', arguments: { table: 'stg_custmers', direction: 'up' } });
    expect((other.content as { text: string }[])[0].text).toMatch(/close matches: stg_customers/);
    const path = await client.callTool({ name: 'join_path', arguments: { tables: ['stg_orders', 'stg_custmers'] } });
    expect((path.structuredContent as { unknown: unknown }).unknown).toEqual([{ name: 'stg_custmers', closeMatches: ['stg_customers'] }]);
  });
});
