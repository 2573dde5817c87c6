import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as batchActivities from '../../activities/model-batch.js';
import * as modelActivities from '../../activities/model.js';
import { readJsonLines } from '../../infra/model/model-io.js';
import { ModelResult } from '../../schemas/model-answer.js';
import { modelEnrichmentWorkflow, type ModelEnrichmentInput } from '../../workflows/model-enrichment.js';
import { findTemporalCli } from '../../cli/temporal-cli.mjs';
import { goodAnswer, PLANTED_SECRETS, serve, testConfig } from './harness.js';
import type { Script } from './scripted-openai-server.js';
import type { ModelConfig } from '../../enrichers/model/config.js';
import { writeSampleRun } from './sample-repo.js';

// No internet here: the local dev server runs only from an already installed CLI.
const cli = findTemporalCli();
const workflowsPath = fileURLToPath(new URL('../../workflows/model-enrichment.ts', import.meta.url));

describe.skipIf(!cli)('modelEnrichmentWorkflow on a local Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundle;
  beforeAll(async () => {
    workflowBundle = await bundleWorkflowCode({ workflowsPath });
    env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli!.path } } });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run(script: Script, mode: ModelEnrichmentInput['mode'], overrides: Partial<ModelConfig> = {}) {
    const server = await serve(script);
    const sample = writeSampleRun(2);
    const taskQueue = `model-${Math.random().toString(36).slice(2)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities: { ...modelActivities, ...batchActivities },
    });
    const input: ModelEnrichmentInput = {
      runDir: sample.runDir,
      shardPaths: sample.shardPaths,
      config: testConfig(server, { batchPollSeconds: 1, ...overrides }),
      mode,
    };
    const result = await worker.runUntil(
      env.client.workflow.execute(modelEnrichmentWorkflow, { args: [input], taskQueue, workflowId: taskQueue }),
    );
    const lines: ModelResult[] = [];
    for (const p of result.outputPaths) lines.push(...(await readJsonLines(p, (v) => ModelResult.parse(v))));
    return { server, result, lines, byId: new Map(lines.map((l) => [l.id, l])) };
  }

  it('batch: uploads, creates, polls through in_progress to completed, ingests by custom_id', async () => {
    const { server, result, lines, byId } = await run(
      { model: (r) => ({ answer: goodAnswer(r.table) }), batch: { pollsUntilDone: 3, outcome: 'completed' } },
      'batch',
    );
    const paths = server.requests.map((r) => `${r.method} ${r.path.replace(/(batch|file)-?_?\d+/g, ':id')}`);
    expect(paths.filter((p) => p === 'POST /v1/files')).toHaveLength(2);
    expect(paths.filter((p) => p === 'POST /v1/batches')).toHaveLength(2);
    expect(paths.filter((p) => p.startsWith('GET /v1/batches/')).length).toBeGreaterThanOrEqual(6);
    expect(server.modelCalls()).toBe(0); // everything came through the batch
    expect(lines).toHaveLength(10);
    expect(byId.get('analytics.fct_revenue')).toMatchObject({ batch: true, requests: 1 });
    expect(byId.get('analytics.fct_revenue')!.fact!.grain[0].detail).toBe('gpt-4.1-mini');
    expect(result.batches).toMatchObject({ submitted: 2, ingested: 6, fellBackToSync: 0, statuses: { completed: 2 } });
    for (const secret of PLANTED_SECRETS) expect(server.received()).not.toContain(secret);
  });

  it('batch expired: what the batch finished is ingested, the rest falls back to sync calls', async () => {
    const { server, result, byId } = await run(
      {
        model: (r) => ({ answer: goodAnswer(r.table) }),
        batch: { pollsUntilDone: 2, outcome: 'expired', finished: (id) => id === 'analytics.fct_revenue' },
      },
      'batch',
    );
    expect(result.batches).toMatchObject({ ingested: 1, fellBackToSync: 5, statuses: { expired: 2 } });
    expect(server.modelCalls()).toBe(5);
    expect(byId.get('analytics.fct_revenue')).toMatchObject({ batch: true });
    expect(byId.get('analytics.stg_orders')).toMatchObject({ batch: false, requests: 1 });
    expect([...byId.values()].filter((l) => l.fact)).toHaveLength(6);
    expect(result).toMatchObject({ tables: 10, answered: 6, failed: 0 });
  });

  it('batch stuck past the wait limit: cancelled, everything answered by sync calls', async () => {
    const { server, result, lines } = await run(
      { model: (r) => ({ answer: goodAnswer(r.table) }), batch: { pollsUntilDone: 1_000 } },
      'batch',
      { batchMaxWaitSeconds: 2 },
    );
    expect(server.requests.filter((r) => r.path.endsWith('/cancel'))).toHaveLength(2);
    expect(result.batches).toMatchObject({ submitted: 2, ingested: 0, statuses: { abandoned: 2 } });
    expect(server.modelCalls()).toBe(6);
    expect(lines.filter((l) => l.fact && !l.batch)).toHaveLength(6);
  });

  it('sync: a server failing every request still completes the run with warnings', async () => {
    const { result, lines } = await run({ model: () => ({ status: 500 }) }, 'sync');
    expect(lines).toHaveLength(10);
    expect(result).toMatchObject({ answered: 0, failed: 6 });
  });
});
