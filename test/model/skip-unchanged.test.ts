import { describe, expect, it } from 'vitest';
import { enrichTablesWithModel, finishModelRun } from '../../activities/model.js';
import { readJsonLines } from '../../infra/model/model-io.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import { ModelResult } from '../../schemas/model-answer.js';
import { goodAnswer, runShard, serve } from './harness.js';

describe('cost control', () => {
  it('makes zero model calls on an unchanged repo, and one for the one changed table', async () => {
    const server = await serve({ model: (r) => ({ answer: goodAnswer(r.table) }) });
    const first = await runShard(server);
    const calls = server.modelCalls();
    expect(calls).toBeGreaterThan(0);
    const done = await finishModelRun({ runDir: first.runDir, outputPaths: [first.stats.outputPath], model: first.config.model });

    const second = await runShard(server, {}, done.fingerprintsPath);
    expect(server.modelCalls()).toBe(calls);
    expect(second.result('analytics.fct_revenue')).toMatchObject({ reused: true, requests: 0 });
    expect(second.result('analytics.fct_revenue').fact).toEqual(first.result('analytics.fct_revenue').fact);

    // the same shard again: the activity is idempotent once its output exists
    const again = await enrichTablesWithModel({ runDir: second.runDir, shardPath: second.shardPaths[0], config: second.config });
    expect(again.requests).toBe(0);
    expect(server.modelCalls()).toBe(calls);
  });

  it('asks again only for what changed: a table, a neighbour summary, the prompt version', async () => {
    const server = await serve({ model: (r) => ({ answer: goodAnswer(r.table) }) });
    const first = await runShard(server);
    const done = await finishModelRun({ runDir: first.runDir, outputPaths: [first.stats.outputPath], model: first.config.model });
    const before = server.requests.length;

    // order_items changes; orders_enriched reads it only through code, so no neighbour summary changes
    const edit = (e: CatalogEntry) => (e.id === 'analytics.order_items' ? { ...e, fingerprint: 'edited' } : e);
    const second = await runShard(server, {}, done.fingerprintsPath, edit);
    expect(server.requests.length - before).toBe(1);
    expect(second.results.filter((r) => !r.reused && r.fact).map((r) => r.id)).toEqual(['analytics.order_items']);

    // stg_customers gains a column: its summary changes, so it and its downstream fct_revenue are asked again
    const mid = server.requests.length;
    const addColumn = (e: CatalogEntry) =>
      e.id === 'analytics.stg_customers'
        ? { ...e, fingerprint: 'edited', facts: [{ ...e.facts[0], columns: [...e.facts[0].columns, { name: 'segment', source: 'sql' as const }] }] }
        : e;
    const widened = await runShard(server, {}, done.fingerprintsPath, addColumn);
    expect(widened.results.filter((r) => !r.reused && r.fact).map((r) => r.id).sort()).toEqual(['analytics.fct_revenue', 'analytics.stg_customers']);
    expect(server.requests.length - mid).toBe(2);

    // a new prompt version invalidates everything
    const before3 = server.requests.length;
    const third = await runShard(server, { promptVersion: 'v-next' }, done.fingerprintsPath);
    expect(server.requests.length - before3).toBe(6);
    expect(third.results.filter((r) => r.reused)).toHaveLength(0);
  });

  it('totals requests, tokens and an estimated cost; unknown models cost 0 and say so', async () => {
    const server = await serve({ model: (r) => ({ answer: goodAnswer(r.table), cachedTokens: 50 }) });
    const run = await runShard(server);
    const known = await finishModelRun({ runDir: run.runDir, outputPaths: [run.stats.outputPath], model: 'gpt-4.1-mini' });
    expect(known).toMatchObject({ tables: 10, answered: 6, failed: 0, requests: 6, priceKnown: true });
    expect(known.tokens.cached).toBe(300);
    const expected = ((known.tokens.input - 300) * 0.4 + 300 * 0.1 + known.tokens.output * 1.6) / 1e6;
    expect(known.estimatedCostUsd).toBeCloseTo(expected, 10);
    const unknown = await finishModelRun({ runDir: run.runDir, outputPaths: [run.stats.outputPath], model: 'llama3.1:8b' });
    expect(unknown).toMatchObject({ estimatedCostUsd: 0, priceKnown: false });
    const lines = await readJsonLines(known.fingerprintsPath, (v) => ModelResult.parse(v));
    expect(lines.map((l) => l.id).sort()).toEqual(run.results.filter((r) => r.fact).map((r) => r.id).sort());
  });
});
