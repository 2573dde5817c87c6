import { afterEach } from 'vitest';
import { defaultModelConfig, type ModelConfig } from '../../enrichers/model/config.js';
import { enrichTablesWithModel, indexModelCatalog } from '../../activities/model.js';
import { readJsonLines } from '../../infra/model/model-io.js';
import { ModelResult, type ModelAnswer } from '../../schemas/model-answer.js';
import { startScriptedServer, type Script, type ScriptedServer } from './scripted-openai-server.js';
import { writeSampleRun } from './sample-repo.js';
import type { CatalogEntry } from '../../schemas/catalog.js';

/** Every secret planted in the sample repo; none may ever reach the server. */
export const PLANTED_SECRETS = ['SuperSecretPw1', 'ghp_0123456789abcdefghijABCDEFGHIJ', 'sk-proj-abcdefghijklmnopqrstuvwx1234'];

export const TEST_KEY = 'sk-test-harness-key-not-a-secret';
process.env.OPENAI_API_KEY = TEST_KEY;

const servers: ScriptedServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

export async function serve(script: Script): Promise<ScriptedServer> {
  const s = await startScriptedServer(script);
  servers.push(s);
  return s;
}

export function testConfig(server: ScriptedServer, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return defaultModelConfig({
    model: 'gpt-4.1-mini',
    baseURL: server.baseURL,
    concurrency: 3,
    timeoutMs: 5_000,
    defaultRetryAfterMs: 20,
    ...overrides,
  });
}

export const emptyAnswer = (): ModelAnswer => ({
  grain: null,
  joinKeys: [],
  upstream: [],
  downstream: [],
  owners: [],
  similarTables: [],
  description: '',
  caveats: [],
});

/** A plausible, correct answer for any sample table. */
export const goodAnswer = (table: string): ModelAnswer => ({
  ...emptyAnswer(),
  ...(table === 'analytics.fct_revenue'
    ? {
        grain: { columns: ['order_date', 'country'], statement: 'one row per day and country', confidence: 0.9 },
        upstream: [{ table: 'analytics.stg_orders', confidence: 0.95 }],
        caveats: ['excludes test orders'],
      }
    : {}),
  description: `About ${table}.`,
  owners: [{ id: '@data-platform', kind: 'team', confidence: 0.4 }],
});

export async function runShard(
  server: ScriptedServer,
  overrides: Partial<ModelConfig> = {},
  previousFingerprints?: string,
  edit?: (e: CatalogEntry) => CatalogEntry,
) {
  const run = writeSampleRun(1, edit);
  const config = testConfig(server, overrides);
  await indexModelCatalog({ runDir: run.runDir, shardPaths: run.shardPaths });
  const stats = await enrichTablesWithModel({ runDir: run.runDir, shardPath: run.shardPaths[0], config, previousFingerprints });
  const results = await readJsonLines(stats.outputPath, (v) => ModelResult.parse(v));
  const byTable = new Map(results.map((r) => [r.id, r]));
  return { ...run, config, stats, results, result: (id: string) => byTable.get(id)! };
}
