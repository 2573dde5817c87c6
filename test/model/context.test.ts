import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insideSnapshot } from '../../infra/model/model-io.js';
import { buildContext, estimateTokens, yamlExcerpt } from '../../enrichers/model/context.js';
import { modelConfigFromEnv } from '../../infra/config/model-settings.js';
import { modelFingerprint } from '../../enrichers/model/fingerprint.js';
import { SAMPLE_FILES, byId } from './sample-repo.js';

const files = (...paths: string[]) => paths.map((path) => ({ path, text: SAMPLE_FILES[path] }));

describe('buildContext', () => {
  it('has the code, short static facts, neighbour one-liners and only the relevant YAML', () => {
    const ctx = buildContext({
      entry: byId('analytics.fct_revenue'),
      files: files('models/marts/fct_revenue.sql', 'models/marts/schema.yml'),
      neighbours: [{ id: 'analytics.stg_orders', direction: 'upstream', summary: 'analytics.stg_orders (dbt model); columns: order_id' }],
      budget: 2000,
    });
    expect(ctx.text).toContain('id: analytics.fct_revenue');
    expect(ctx.text).toContain('grain: order_date, country (dbt-yaml 0.95)');
    expect(ctx.text).toContain('- upstream analytics.stg_orders: analytics.stg_orders (dbt model)');
    expect(ctx.text).toContain("from {{ ref('stg_orders') }}");
    expect(ctx.text).toContain('Daily revenue per country.');
    expect(ctx.text).not.toContain('Orders without test orders.'); // another model's YAML block
    expect(ctx.truncated).toBe(false);
  });

  it('stays within the token budget by truncating code, not dropping it', () => {
    const big = Array.from({ length: 3000 }, (_, i) => `select ${i} as c${i} from analytics.stg_orders union all`).join('\n');
    const ctx = buildContext({
      entry: byId('analytics.fct_revenue'),
      files: [{ path: 'models/marts/fct_revenue.sql', text: big }],
      neighbours: [],
      budget: 1500,
    });
    expect(ctx.truncated).toBe(true);
    expect(ctx.estimatedTokens).toBeLessThanOrEqual(1500 * 1.05);
    expect(ctx.text).toContain('select 0 as c0');
    expect(ctx.text).toMatch(/more lines truncated\]/);
    expect(estimateTokens('abcdefgh')).toBe(2);
  });

  it('yamlExcerpt takes the named item block only', () => {
    const y = yamlExcerpt(SAMPLE_FILES['models/marts/schema.yml'], 'analytics.stg_orders');
    expect(y).toBe('  - name: stg_orders\n    description: Orders without test orders.');
    expect(yamlExcerpt(SAMPLE_FILES['models/marts/schema.yml'], 'nope')).toBeNull();
  });
});

describe('modelFingerprint', () => {
  const e = byId('analytics.fct_revenue');
  it('changes with the table, its neighbours, the prompt version and the model — and only then', () => {
    const base = modelFingerprint(e, ['a', 'b'], 'v1', 'm');
    expect(modelFingerprint(e, ['b', 'a'], 'v1', 'm')).toBe(base);
    expect(modelFingerprint({ ...e, fingerprint: 'x' }, ['a', 'b'], 'v1', 'm')).not.toBe(base);
    expect(modelFingerprint(e, ['a', 'c'], 'v1', 'm')).not.toBe(base);
    expect(modelFingerprint(e, ['a', 'b'], 'v2', 'm')).not.toBe(base);
    expect(modelFingerprint(e, ['a', 'b'], 'v1', 'n')).not.toBe(base);
  });
});

describe('modelConfigFromEnv', () => {
  it('is null without a key or base URL: static enrichment only', () => {
    expect(modelConfigFromEnv({})).toBeNull();
    expect(modelConfigFromEnv({ OPENAI_API_KEY: '  ' })).toBeNull();
  });
  it('reads model, embedding model, base URL and API flavour; never the key itself', () => {
    const c = modelConfigFromEnv({
      OPENAI_API_KEY: 'sk-x',
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      GRAINLINE_MODEL: 'qwen2.5-coder',
      GRAINLINE_MODEL_API: 'responses',
    });
    expect(c).toMatchObject({ model: 'qwen2.5-coder', baseURL: 'http://localhost:11434/v1', api: 'responses' });
    expect(JSON.stringify(c)).not.toContain('sk-x');
    expect(modelConfigFromEnv({ OPENAI_API_KEY: 'sk-x' })).toMatchObject({ model: 'gpt-4.1-mini', api: 'chat', baseURL: null });
    expect(modelConfigFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' })).not.toBeNull();
  });
});

describe('insideSnapshot', () => {
  it('refuses absolute paths, .. and symlinks that escape', () => {
    const root = mkdtempSync(join(tmpdir(), 'grainline-snap-'));
    const outside = mkdtempSync(join(tmpdir(), 'grainline-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'x');
    mkdirSync(join(root, 'models'));
    writeFileSync(join(root, 'models', 'a.sql'), 'select 1');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'models', 'link.sql'));
    symlinkSync(join(root, 'models', 'a.sql'), join(root, 'models', 'inner.sql'));
    expect(insideSnapshot(root, 'models/a.sql')).toBe(join(root, 'models', 'a.sql'));
    expect(insideSnapshot(root, 'models/inner.sql')).toBe(join(root, 'models', 'a.sql'));
    expect(insideSnapshot(root, '../' + outside.split('/').pop() + '/secret.txt')).toBeNull();
    expect(insideSnapshot(root, join(outside, 'secret.txt'))).toBeNull();
    expect(insideSnapshot(root, 'models/link.sql')).toBeNull();
    expect(insideSnapshot(root, 'models/missing.sql')).toBeNull();
  });
});
