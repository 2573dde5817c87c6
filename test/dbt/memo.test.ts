import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskMemo } from '../../infra/cache/analysis-memo.js';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';
import { lineOf, readYaml, readYamlMemo } from '../../enrichers/dbt/yaml-located.js';
import type { Memo } from '../../enrichers/memo.js';

const project = (sourceSchema: string) => [
  { path: 'dbt_project.yml', content: 'name: shop\nvars:\n  since: "2020-01-01"\nmodels:\n  shop:\n    marts:\n      +schema: marts\n' },
  { path: 'macros/cents.sql', content: '{% macro dollars(c) %}({{ c }} / 100){% endmacro %}' },
  {
    path: 'models/stg_orders.sql',
    content: "{{ config(materialized='view', tags=['core']) }}\nselect id as order_id, amount from {{ source('raw', 'orders') }} where d >= '{{ var(\"since\") }}'",
  },
  {
    path: 'models/marts/fct_orders.sql',
    content:
      "{{ config(unique_key='order_id', alias='orders', meta={'owner': '@acme/fin'}) }}\nselect o.order_id, {{ dollars('o.amount') }} as usd, {{ pkg.thing() }} as x\nfrom {{ ref('stg_orders') }} o join {{ ref('dim_customers', v=2) }} c on o.order_id = c.order_id",
  },
  { path: 'models/marts/broken.sql', content: "select * from {{ ref('stg_orders') }}\n{% if true %}\nwhere 1 = 1" },
  { path: 'models/odd.sql', content: '{{ config(materialized=pkg.kind()) }}\nselect 1 as one' },
  { path: 'snapshots/snap.sql', content: "{% snapshot orders_snap %}{{ config(target_schema='snaps', unique_key='order_id') }}select * from {{ ref('stg_orders') }}{% endsnapshot %}" },
  {
    path: 'models/schema.yml',
    content: `version: 2\nx-owner: &fin\n  owner: jane@acme.com\nsources:\n  - name: raw\n    schema: ${sourceSchema}\n    tables:\n      - name: orders\nmodels:\n  - name: fct_orders\n    meta: *fin\n    columns:\n      - name: order_id\n        tests: [unique, not_null]\n`,
  },
];

/** A memo that keeps JSON text, as the disk memo does, and counts what it is asked. */
function jsonMemo() {
  const store = new Map<string, string>();
  const stats = { hits: 0, misses: 0 };
  const memo: Memo = {
    get(key) {
      const s = store.get(key);
      stats[s === undefined ? 'misses' : 'hits']++;
      return s === undefined ? undefined : JSON.parse(s);
    },
    set: (key, value) => void store.set(key, JSON.stringify(value)),
  };
  return { memo, stats };
}

describe('dbt analysis through a memo', () => {
  it('gives the same facts cold and warm as without it, and a warm run computes nothing it could keep', () => {
    const plain = JSON.stringify(dbtFileFacts(project('landing')));
    const { memo, stats } = jsonMemo();
    expect(JSON.stringify(dbtFileFacts(project('landing'), undefined, memo))).toBe(plain);
    expect(stats.hits).toBe(0);
    const misses = stats.misses;
    expect(JSON.stringify(dbtFileFacts(project('landing'), undefined, memo))).toBe(plain);
    // only odd.sql renders again: its config() got an unknown macro's stand-in
    expect(stats.misses).toBe(misses + 1);
    expect(stats.hits).toBeGreaterThanOrEqual(6); // renders, model SQL, the schema file
  });

  it('renders again a model whose source now names another relation', () => {
    const { memo } = jsonMemo();
    dbtFileFacts(project('landing'), undefined, memo);
    const moved = dbtFileFacts(project('bronze'), undefined, memo);
    expect(JSON.stringify(moved)).toBe(JSON.stringify(dbtFileFacts(project('bronze'))));
    const stg = moved.find((f) => f.file === 'models/stg_orders.sql')!.tables[0];
    expect(stg.upstream.map((u) => u.name)).toContain('bronze.orders');
  });

  it('keeps YAML lines through a JSON memo', () => {
    const file = project('landing').at(-1)!;
    const { memo } = jsonMemo();
    readYamlMemo(file.path, file.content, memo);
    const warm = readYamlMemo(file.path, file.content, memo).value as { models: { meta: object; columns: object[] }[] };
    const fresh = readYaml(file.path, file.content).value as typeof warm;
    expect(lineOf(warm.models[0])).toBe(lineOf(fresh.models[0]));
    expect(lineOf(warm.models[0].meta)).toBe(lineOf(fresh.models[0].meta));
    expect(lineOf(warm.models[0].columns[0])).toBe(13);
  });
});

describe('DiskMemo', () => {
  it('keeps what a run used for the next, and drops what it did not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memo-'));
    const first = await DiskMemo.open(dir);
    first.set('a', { x: 1 });
    first.set('b', [1, 2]);
    await first.save();
    const second = await DiskMemo.open(dir);
    expect(second.get('a')).toEqual({ x: 1 });
    await second.save();
    const third = await DiskMemo.open(dir);
    expect(third.get('a')).toEqual({ x: 1 });
    expect(third.get('b')).toBeUndefined();
  });

  it('treats a line cut short by a crash as missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memo-'));
    const memo = await DiskMemo.open(dir);
    memo.set('a', { long: 'value' });
    await memo.save();
    const file = join(dir, readdirOne(dir));
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, -6));
    expect((await DiskMemo.open(dir)).get('a')).toBeUndefined();
  });
});

function readdirOne(dir: string): string {
  return readdirSync(dir).find((f) => f.startsWith('memo-'))!;
}
