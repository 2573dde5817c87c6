import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrichTablesWithModel, indexModelCatalog } from '../../activities/model.js';
import { readJsonLines } from '../../infra/model/model-io.js';
import type { ModelConfig } from '../../enrichers/model/config.js';
import { ModelResult } from '../../schemas/model-answer.js';
import { goodAnswer, PLANTED_SECRETS, serve, testConfig } from './harness.js';
import type { Script, ScriptedServer } from './scripted-openai-server.js';
import { writeSampleRun } from './sample-repo.js';

const REV = 'analytics.fct_revenue';
const OUTSIDE_SECRET = 'outside-the-snapshot-do-not-read';

async function agenticRun(script: Script, overrides: Partial<ModelConfig>) {
  const server = await serve(script);
  const run = writeSampleRun(1);
  const outside = mkdtempSync(join(tmpdir(), 'grainline-outside-'));
  writeFileSync(join(outside, 'secret.txt'), OUTSIDE_SECRET);
  symlinkSync(join(outside, 'secret.txt'), join(run.snapshotDir, 'models', 'escape.sql'));
  await indexModelCatalog({ runDir: run.runDir, shardPaths: run.shardPaths });
  const config = testConfig(server, { agentic: true, concurrency: 1, ...overrides });
  const stats = await enrichTablesWithModel({ runDir: run.runDir, shardPath: run.shardPaths[0], config });
  const results = await readJsonLines(stats.outputPath, (v) => ModelResult.parse(v));
  return { server, result: results.find((r) => r.id === REV)! };
}

const revenueBodies = (server: ScriptedServer) =>
  server.requests.filter((r) => r.raw.includes(`id: ${REV}`)).map((r) => JSON.parse(r.raw));
const toolOutputs = (body: { messages: { role: string; content: string }[] }) =>
  body.messages.filter((m) => m.role === 'tool').map((m) => m.content);

describe('agentic mode: read-only repo tools', () => {
  it('answers tool calls from inside the snapshot only, redacted, then takes the answer', async () => {
    const { server, result } = await agenticRun(
      {
        model: (r) =>
          r.table === REV && r.attempt === 1
            ? {
                toolCalls: [
                  { name: 'read_file', arguments: { path: 'models/marts/schema.yml', start: 3, end: 4 } },
                  { name: 'read_file', arguments: { path: 'jobs/spark/orders_enriched.py', start: 1, end: 2 } },
                  { name: 'read_file', arguments: { path: '../outside/secret.txt', start: 1, end: 9 } },
                  { name: 'read_file', arguments: { path: '/etc/passwd', start: 1, end: 9 } },
                  { name: 'read_file', arguments: { path: 'models/escape.sql', start: 1, end: 9 } },
                  { name: 'list_files', arguments: { dir: 'models' } },
                  { name: 'grep', arguments: { pattern: 'saveAsTable|outside-the' } },
                ],
              }
            : { answer: goodAnswer(r.table) },
      },
      { agentMaxSteps: 4 },
    );
    const bodies = revenueBodies(server);
    expect(bodies).toHaveLength(2);
    expect(bodies[0].tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['list_files', 'read_file', 'grep']);
    const [schema, spark, dotdot, absolute, symlink, list, grep] = toolOutputs(bodies[1]);
    expect(schema).toBe('3:   - name: fct_revenue\n4:     description: Daily revenue per country.');
    expect(spark).toContain('[REDACTED]');
    for (const refused of [dotdot, absolute, symlink]) expect(refused).toMatch(/^refused/);
    expect(list.split('\n')).toEqual(['models/marts/fct_revenue.sql', 'models/marts/schema.yml', 'models/staging/stg_customers.sql', 'models/staging/stg_orders.sql']);
    expect(grep).toBe('jobs/spark/orders_enriched.py:5: df.join(items, "order_id").write.saveAsTable("analytics.orders_enriched")');
    for (const secret of [...PLANTED_SECRETS, OUTSIDE_SECRET]) expect(server.received()).not.toContain(secret);
    expect(result).toMatchObject({ requests: 2, warnings: [] });
    expect(result.fact?.grain).toHaveLength(1);
  });

  it('bounds steps: the last step offers no tools, a model that will not answer gets a warning', async () => {
    const { server, result } = await agenticRun(
      { model: () => ({ toolCalls: [{ name: 'list_files', arguments: { dir: 'sql' } }] }) },
      { agentMaxSteps: 3 },
    );
    const bodies = revenueBodies(server);
    expect(bodies.map((b) => Boolean(b.tools))).toEqual([true, true, false, true, true, false]); // then the one retry
    expect(result.fact).toBeNull();
    expect(result.warnings[0].code).toBe('model-invalid-answer');
    expect(result.requests).toBe(6);
  });

  it('bounds bytes: tool output stops at the budget and the next step must answer', async () => {
    const { server } = await agenticRun(
      { model: (r) => (r.attempt === 1 ? { toolCalls: [{ name: 'grep', arguments: { pattern: 'select' } }, { name: 'list_files', arguments: { dir: '' } }] } : { answer: goodAnswer(r.table) }) },
      { agentMaxSteps: 5, agentMaxBytes: 120 },
    );
    const [first, second] = revenueBodies(server);
    const [grep, list] = toolOutputs(second);
    expect(Buffer.byteLength(grep)).toBe(120);
    expect(list).toBe('refused: tool byte budget spent, answer now');
    expect(first.tools).toBeDefined();
    expect(second.tools).toBeUndefined();
  });
});
