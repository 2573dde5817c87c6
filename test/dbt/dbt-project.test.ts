import { describe, expect, it } from 'vitest';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';
import type { FileFacts, TableFact } from '../../schemas/facts.js';

const files = [
  {
    path: 'analytics/dbt_project.yml',
    content: `name: shop
model-paths: ["models"]
vars:
  start_date: '2020-01-01'
models:
  shop:
    staging:
      +schema: staging
    marts:
      +schema: marts
      +meta:
        owner: "@acme/finance-team"
`,
  },
  {
    path: 'analytics/macros/cents.sql',
    content: `{% macro to_dollars(col) -%}
({{ col }} / 100)
{%- endmacro %}`,
  },
  {
    path: 'analytics/models/staging/stg_orders.sql',
    content: `{{ config(materialized='view') }}
select id as order_id, customer_id, amount_cents
from {{ source('raw', 'orders') }}
where created_at >= '{{ var("start_date") }}'`,
  },
  {
    path: 'analytics/models/staging/stg_customers.sql',
    content: `select id as customer_id, name from {{ source('raw', 'customers') }}`,
  },
  {
    path: 'analytics/models/marts/fct_orders.sql',
    content: `{{ config(materialized='incremental', unique_key='order_id', alias='orders') }}
select o.order_id, o.customer_id, {{ to_dollars('o.amount_cents') }} as amount,
  {{ my_pkg.some_macro('x') }} as extra
from {{ ref('stg_orders') }} o
join {{ ref('stg_customers') }} c on o.customer_id = c.customer_id
{% if is_incremental() %}where o.order_id > (select max(order_id) from {{ this }}){% endif %}`,
  },
  {
    path: 'analytics/models/marts/broken.sql',
    content: `select *
from {{ ref('stg_orders') }}
{% if target.name == 'prod' %}
where 1 = 1`,
  },
  {
    path: 'analytics/models/schema.yml',
    content: `version: 2
x-owner: &finance
  owner: jane@acme.com
sources:
  - name: raw
    schema: landing
    tables:
      - name: orders
        identifier: orders_v2
        description: Raw orders
      - name: customers
models:
  - name: fct_orders
    description: One row per order
    meta: *finance
    columns:
      - name: order_id
        tests: [unique, not_null]
      - name: customer_id
        data_tests:
          - relationships:
              to: ref('stg_customers')
              field: customer_id
  - name: stg_orders
    tests:
      - dbt_utils.unique_combination_of_columns:
          combination_of_columns: [order_id, customer_id]
exposures:
  - name: revenue_dashboard
    type: dashboard
    owner: {name: Ann, email: ann@acme.com}
    depends_on: ["ref('fct_orders')"]
`,
  },
  { path: 'analytics/models/bad.yml', content: 'models:\n  - name: x\n    description: [unclosed\n' },
  { path: 'other/query.sql', content: 'select 1' },
];

const all = dbtFileFacts(files);
const byFile = (file: string): FileFacts => all.find((f) => f.file === file)!;
const tableIn = (file: string, name: string): TableFact => byFile(file).tables.find((t) => t.name === name)!;

describe('dbtFileFacts', () => {
  it('names models from +schema and config alias, sources from schema and identifier', () => {
    const fct = tableIn('analytics/models/marts/fct_orders.sql', 'marts.orders');
    expect(fct.kind).toBe('dbt model');
    expect(fct.aliases).toEqual(['fct_orders', 'orders']);
    const src = tableIn('analytics/models/schema.yml', 'landing.orders_v2');
    expect(src.kind).toBe('dbt source');
    expect(src.aliases).toEqual(['raw.orders']);
    expect(src.descriptions[0].text).toBe('Raw orders');
  });

  it('records ref and source calls as upstream with their lines', () => {
    const fct = tableIn('analytics/models/marts/fct_orders.sql', 'marts.orders');
    const refs = fct.upstream.filter((u) => u.detail === 'dbt ref').map((u) => [u.name, u.line]);
    expect(refs).toEqual([
      ['staging.stg_orders', 4],
      ['staging.stg_customers', 5],
    ]);
    const stg = tableIn('analytics/models/staging/stg_orders.sql', 'staging.stg_orders');
    expect(stg.upstream[0]).toMatchObject({ name: 'landing.orders_v2', detail: 'dbt source', line: 3 });
  });

  it('renders project macros and unknown macros, and reads SQL columns and joins', () => {
    const fct = tableIn('analytics/models/marts/fct_orders.sql', 'marts.orders');
    expect(fct.columns.map((c) => c.name)).toEqual(['order_id', 'customer_id', 'amount', 'extra']);
    expect(fct.grain.find((g) => g.detail === 'config unique_key')?.columns).toEqual(['order_id']);
    expect(fct.owners).toMatchObject([{ id: '@acme/finance-team', kind: 'team' }]);
    const join = byFile('analytics/models/marts/fct_orders.sql').joins[0];
    expect([join.left.table, join.right.table].sort()).toEqual(['staging.stg_customers', 'staging.stg_orders']);
  });

  it('warns once, on the model and its line, about a macro no file defines; builtins and project macros are not warned about', () => {
    const unknown = all.flatMap((f) => f.warnings).filter((w) => w.code === 'dbt-unknown-macro');
    expect(unknown.map((w) => [w.file, w.line])).toEqual([['analytics/models/marts/fct_orders.sql', 3]]);
    expect(unknown[0].message).toContain('"my_pkg"');
  });

  it('keeps the refs of a model whose Jinja does not close, with a warning', () => {
    const broken = byFile('analytics/models/marts/broken.sql');
    expect(broken.warnings[0]).toMatchObject({ file: 'analytics/models/marts/broken.sql', line: 3, code: 'dbt-render' });
    expect(broken.tables[0].upstream).toMatchObject([{ name: 'staging.stg_orders', source: 'heuristic', line: 2 }]);
  });

  it('reads tests, anchors and exposures from schema.yml', () => {
    const yml = 'analytics/models/schema.yml';
    const fct = tableIn(yml, 'marts.orders');
    expect(fct.descriptions[0].text).toBe('One row per order');
    expect(fct.owners).toMatchObject([{ id: 'jane@acme.com', kind: 'user', source: 'dbt-yaml' }]);
    expect(fct.grain).toMatchObject([{ columns: ['order_id'], confidence: 0.95 }]);
    expect(tableIn(yml, 'staging.stg_orders').grain).toMatchObject([{ columns: ['order_id', 'customer_id'], confidence: 0.97 }]);
    expect(byFile(yml).joins).toMatchObject([
      { left: { table: 'marts.orders', columns: ['customer_id'] }, right: { table: 'staging.stg_customers', columns: ['customer_id'] } },
    ]);
    const consumer = byFile(yml).tables.find((t) => t.consumers.length)!;
    expect(consumer.name).toBe('marts.orders');
    expect(consumer.consumers[0]).toMatchObject({ name: 'revenue_dashboard', type: 'dashboard', owners: ['ann@acme.com'] });
  });

  it('warns about a broken YAML file with its line and ignores files outside projects', () => {
    expect(byFile('analytics/models/bad.yml').warnings[0]).toMatchObject({ file: 'analytics/models/bad.yml', code: 'yaml-parse' });
    expect(byFile('analytics/models/bad.yml').warnings[0].line).toBeGreaterThanOrEqual(3);
    expect(all.some((f) => f.file === 'other/query.sql')).toBe(false);
  });
});
