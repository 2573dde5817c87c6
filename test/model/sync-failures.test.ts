import { ApplicationFailure } from '@temporalio/common';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enrichTablesWithModel, indexModelCatalog } from '../../activities/model.js';
import { readPartialResults } from '../../infra/model/model-io.js';
import { runPaths } from '../../infra/run-folder/run-paths.js';
import { goodAnswer, runShard, serve, testConfig } from './harness.js';
import { writeSampleRun } from './sample-repo.js';

const REV = 'analytics.fct_revenue';
const revenueCalls = (server: { requests: { raw: string; at: number }[] }) =>
  server.requests.filter((r) => r.raw.includes(`id: ${REV}`));

describe('enrichTablesWithModel under failures', () => {
  it('honours retry-after on a 429 before asking again', async () => {
    const server = await serve({
      model: (r) =>
        r.table === REV && r.attempt === 1
          ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down' } } }
          : { answer: goodAnswer(r.table) },
    });
    const { result } = await runShard(server);
    const [first, second] = revenueCalls(server);
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(second.at - first.at).toBeLessThan(3000);
    expect(result(REV)).toMatchObject({ requests: 2, warnings: [] });
    expect(result(REV).fact).not.toBeNull();
  });

  it('retries 500s and succeeds', async () => {
    const server = await serve({
      model: (r) => (r.table === REV && r.attempt <= 2 ? { status: 500 } : { answer: goodAnswer(r.table) }),
    });
    const { result } = await runShard(server);
    expect(revenueCalls(server)).toHaveLength(3);
    expect(result(REV).fact?.grain).toHaveLength(1);
  });

  it('gives up on a hanging server after the timeout, keeping static facts', async () => {
    const server = await serve({ model: (r) => (r.table === REV ? { hang: true } : { answer: goodAnswer(r.table) }) });
    const started = Date.now();
    const { result } = await runShard(server, { timeoutMs: 300, maxAttemptsPerTable: 2 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(revenueCalls(server)).toHaveLength(2);
    expect(result(REV).fact).toBeNull();
    expect(result(REV).warnings[0]).toMatchObject({ code: 'model-failed', message: expect.stringContaining('ModelTimeout') });
    expect(result('analytics.stg_orders').fact).not.toBeNull();
  });

  it('completes when the server fails every request, and stops hammering it', async () => {
    const server = await serve({ model: () => ({ status: 503 }) });
    const { results } = await runShard(server, { concurrency: 1, breakerAfterFailures: 2, maxAttemptsPerTable: 2 });
    expect(results).toHaveLength(10);
    expect(results.every((r) => r.fact === null)).toBe(true);
    expect(server.modelCalls()).toBe(4); // two tables × two attempts, then the breaker
    expect(results.filter((r) => r.warnings[0]?.code === 'model-unavailable')).toHaveLength(4);
  });

  it('hands a persistent rate limit back to Temporal with the retry-after, keeping finished tables', async () => {
    const server = await serve({
      model: (r) =>
        r.table === REV ? { status: 429, headers: { 'retry-after': '120' } } : { answer: goodAnswer(r.table) },
    });
    const run = writeSampleRun(1);
    const config = testConfig(server, { concurrency: 1 });
    await indexModelCatalog({ runDir: run.runDir, shardPaths: run.shardPaths });
    const input = { runDir: run.runDir, shardPath: run.shardPaths[0], config };
    const err = await enrichTablesWithModel(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'ModelRateLimited', nextRetryDelay: 120_000 });
    const kept = readPartialResults(runPaths(run.runDir).model.partial(run.shardPaths[0]));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.map((r) => r.id)).not.toContain(REV);

    // the retry resumes: finished tables are not asked again; on the last attempt the limit becomes a warning
    const before = server.requests.length;
    const stats = await enrichTablesWithModel({ ...input, config: { ...config, activityAttempts: 1, maxAttemptsPerTable: 1 } });
    const askedAgain = server.requests.slice(before).map((r) => /^id: (.+)$/m.exec(JSON.parse(r.raw).messages[1].content)?.[1]);
    for (const done of kept) expect(askedAgain).not.toContain(done.id);
    expect(askedAgain).toContain(REV);
    expect(stats.failed).toBeGreaterThan(0);
    expect(existsSync(runPaths(run.runDir).model.partial(run.shardPaths[0]))).toBe(false);
  });
});
