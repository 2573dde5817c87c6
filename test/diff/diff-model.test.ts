import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModelConfig } from '../../enrichers/model/config.js';
import { modelFactsWith } from '../../cli/diff/model-facts.js';
import { diffRefs } from '../../cli/diff/refs-diff.js';
import { startScriptedServer, type ScriptedServer } from '../model/scripted-openai-server.js';
import { emptyAnswer } from '../model/harness.js';
import { prRepo } from './pr-repo.js';

describe('grainline diff --model', () => {
  let server: ScriptedServer;
  const asked: string[] = [];
  beforeAll(async () => {
    server = await startScriptedServer({
      model: (req) => {
        asked.push(req.table);
        // the model reads the new SQL: only the head side of the revenue model has a category
        const description = req.prompt.includes('p.category') ? 'Revenue per day, country and product category.' : '';
        return { answer: { ...emptyAnswer(), description } };
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('asks the model only about the tables the change selects, and its facts reach the diff', async () => {
    const pr = await prRepo();
    const config = defaultModelConfig({ baseURL: server.baseURL, concurrency: 2, timeoutMs: 5_000 });
    const report = await diffRefs({ ...pr, modelFacts: modelFactsWith(config, undefined) });
    expect(new Set(asked)).toEqual(new Set(['marts.fct_daily_revenue', 'reporting.weekly_revenue', 'stg_orders', 'stg_products']));
    const revenue = report.tables.find((t) => t.table === 'marts.fct_daily_revenue')!;
    // the declared description still wins; the model's disagreement is the new conflict
    expect(revenue.conflicts).toEqual([
      'description: model says "Revenue per day, country and product category.", dbt-yaml says "Daily revenue and order counts per country, for finance dashboards." (kept)',
    ]);
  });
});
