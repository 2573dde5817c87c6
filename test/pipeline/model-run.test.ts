import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, listRunRecords } from '../../infra/store/lance-store.js';
import { openTemporal, type TemporalHandle } from '../../cli/temporal-runtime.js';
import { runEnrichment } from '../../cli/run-enrichment.js';
import { defaultModelConfig } from '../../enrichers/model/config.js';
import { openCatalog } from '../../reader/catalog.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { startScriptedServer, type ScriptedServer } from '../model/scripted-openai-server.js';

const answer = (table: string) => ({
  grain: table === 'stg_orders' ? { columns: ['order_id'], statement: 'one row per order', confidence: 0.8 } : null,
  joinKeys: [],
  // a table that exists nowhere: the verifier must reject it
  upstream: [{ table: 'ghost.invented_table', confidence: 0.9 }],
  downstream: [],
  owners: [],
  similarTables: [],
  description: `Model notes about ${table}.`,
  caveats: [],
});

describe('a run with the coding model, through the Temporal child workflow and real HTTP', () => {
  let temporal: TemporalHandle;
  let server: ScriptedServer;
  let repo: string;

  beforeAll(async () => {
    process.env.OPENAI_API_KEY = 'sk-test-not-a-secret';
    temporal = await openTemporal();
    repo = await makeGitRepo(shopCommits);
  });
  afterAll(async () => {
    await server?.close();
    await temporal?.close();
  });

  it('records model facts with provenance, rejects invented tables, and calls nothing on an unchanged repo', async () => {
    server = await startScriptedServer({ model: (req) => ({ answer: answer(req.table) }) });
    const model = defaultModelConfig({ model: 'gpt-4.1-mini', baseURL: server.baseURL, timeoutMs: 5000 });
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-db-')), 'db');

    const first = await runEnrichment({ repo, dbUri: db, temporal, quiet: true, model });
    expect(first.enriched).toBe(7);
    const calls = server.modelCalls();
    expect(calls).toBeGreaterThan(0);

    const catalog = await openCatalog(db);
    const stg = (await catalog.get('stg_orders'))!;
    expect(stg.grain?.columns).toEqual(['order_id']);
    expect(stg.grain?.source).toBe('model');
    expect(stg.provenance.grain?.source).toBe('model');
    for await (const r of catalog.all()) expect(r.upstream).not.toContain('ghost.invented_table');
    const runs = await listRunRecords(await connect(db));
    expect(runs.at(-1)!.modelRequests).toBe(calls);
    expect(runs.at(-1)!.inputTokens).toBeGreaterThan(0);
    catalog.close();

    const second = await runEnrichment({ repo, dbUri: db, temporal, quiet: true, model });
    expect(server.modelCalls()).toBe(calls);
    expect(second.enriched).toBe(0);
  });

  it('completes with static facts when the model server fails every request', async () => {
    const failing = await startScriptedServer({ model: () => ({ status: 500, body: { error: { message: 'down' } } }) });
    try {
      const model = defaultModelConfig({ model: 'gpt-4.1-mini', baseURL: failing.baseURL, timeoutMs: 2000, defaultRetryAfterMs: 10 });
      const db = join(mkdtempSync(join(tmpdir(), 'grainline-db-')), 'db');
      const summary = await runEnrichment({ repo, dbUri: db, temporal, quiet: true, model });
      expect(summary.enriched).toBe(7);
      expect(summary.warnings).toBeGreaterThan(1);
      const catalog = await openCatalog(db);
      expect((await catalog.get('marts.fct_daily_revenue'))!.upstream).toEqual(['stg_customers', 'stg_orders']);
      catalog.close();
    } finally {
      await failing.close();
    }
  });
});
