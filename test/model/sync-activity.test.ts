import { describe, expect, it } from 'vitest';
import { goodAnswer, PLANTED_SECRETS, runShard, serve, TEST_KEY, emptyAnswer } from './harness.js';

const CODE_TABLES = 6; // sample tables with defining files; the four declared sources have none

describe('enrichTablesWithModel (sync, Chat Completions)', () => {
  it('turns valid answers into model facts with the model name, and redacts secrets on the way out', async () => {
    const server = await serve({ model: (r) => ({ answer: goodAnswer(r.table), cachedTokens: 10 }) });
    const { results, result, stats } = await runShard(server);

    expect(results).toHaveLength(10);
    expect(server.modelCalls()).toBe(CODE_TABLES);
    const rev = result('analytics.fct_revenue');
    expect(rev.fact?.grain).toEqual([{ source: 'model', detail: 'gpt-4.1-mini', confidence: 0.9, columns: ['order_date', 'country'] }]);
    expect(rev.fact?.upstream.map((u) => u.name)).toEqual(['analytics.stg_orders']);
    expect(rev.grainStatement).toBe('one row per day and country');
    expect(rev.caveats).toEqual(['excludes test orders']);
    expect(rev.tokens.cached).toBe(10);
    expect(rev.tokens.input).toBeGreaterThan(100);
    expect(rev.requests).toBe(1);
    expect(result('shop.raw_orders')).toMatchObject({ fact: null, requests: 0, warnings: [] });
    expect(stats.requests).toBe(CODE_TABLES);

    const received = server.received();
    expect(received).toContain('fct_revenue'); // the prompts did arrive…
    expect(received).toContain('[REDACTED]');
    for (const secret of PLANTED_SECRETS) expect(received).not.toContain(secret); // …without secrets
    expect(received).not.toContain(TEST_KEY); // the key travels only in the header
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('uses the Responses API when configured', async () => {
    const server = await serve({ model: (r) => ({ answer: goodAnswer(r.table) }) });
    const { result } = await runShard(server, { api: 'responses' });
    expect(new Set(server.requests.map((r) => r.path))).toEqual(new Set(['/v1/responses']));
    expect(result('analytics.fct_revenue').fact?.grain[0].columns).toEqual(['order_date', 'country']);
    expect(result('analytics.fct_revenue').tokens.input).toBeGreaterThan(100);
  });

  it('retries invalid JSON once, then keeps static facts with a warning', async () => {
    const server = await serve({
      model: (r) =>
        r.table === 'analytics.fct_revenue'
          ? { content: '{"grain": oops' }
          : r.table === 'analytics.stg_orders' && r.attempt === 1
            ? { content: '{"description": "missing fields"}' }
            : { answer: goodAnswer(r.table) },
    });
    const { result } = await runShard(server);
    const rev = result('analytics.fct_revenue');
    expect(rev.fact).toBeNull();
    expect(rev.requests).toBe(2);
    expect(rev.warnings).toEqual([expect.objectContaining({ code: 'model-invalid-answer', file: 'models/marts/fct_revenue.sql' })]);
    expect(result('analytics.stg_orders')).toMatchObject({ requests: 2, warnings: [] });
    expect(result('analytics.stg_orders').fact).not.toBeNull();
  });

  it('rejects hallucinated tables and columns, keeping the rest of the answer', async () => {
    const server = await serve({
      model: (r) => ({
        answer: {
          ...goodAnswer(r.table),
          upstream: [{ table: 'analytics.orders_v7_final', confidence: 0.9 }],
          joinKeys: [{ columns: ['customer_id'], table: 'crm.customer_master', refColumns: ['id'], confidence: 0.8 }],
          similarTables: [{ table: 'analytics.fct_revenue_old', confidence: 0.5 }],
        },
      }),
    });
    const { result } = await runShard(server);
    const items = result('analytics.order_items');
    expect(items.fact?.upstream).toEqual([]);
    expect(items.fact?.joinKeys).toEqual([]);
    expect(items.fact?.descriptions[0].text).toBe('About analytics.order_items.');
    expect(items.rejected.map((r) => r.claim)).toEqual([
      'join customer_id -> crm.customer_master(id)',
      'upstream analytics.orders_v7_final',
      'similar analytics.fct_revenue_old',
    ]);
  });

  it('a model that obeys an injected SQL comment cannot add the edge', async () => {
    // the script plays a gullible model: it does what the comment in fct_revenue.sql says
    const server = await serve({
      model: (r) =>
        /ignore previous instructions/i.test(r.prompt)
          ? {
              answer: {
                ...emptyAnswer(),
                upstream: [
                  { table: 'hr.secret_salaries', confidence: 1 },
                  { table: 'analytics.stg_orders', confidence: 0.9 },
                ],
                joinKeys: [{ columns: ['order_date'], table: 'hr.secret_salaries', refColumns: ['employee_id'], confidence: 1 }],
              },
            }
          : { answer: goodAnswer(r.table) },
    });
    const { result } = await runShard(server);
    const rev = result('analytics.fct_revenue');
    expect(rev.fact?.upstream.map((u) => u.name)).toEqual(['analytics.stg_orders']);
    expect(rev.rejected).toContainEqual({
      claim: 'upstream hr.secret_salaries',
      reason: 'not in the static lineage and not read by the defining code',
    });
    expect(rev.fact?.joinKeys).toEqual([]);
    expect(rev.rejected.map((r) => r.claim)).toContain('join order_date -> hr.secret_salaries(employee_id)');
  });
});
