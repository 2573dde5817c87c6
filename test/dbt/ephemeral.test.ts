import { expect, it } from 'vitest';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';

const files = [
  { path: 'dbt_project.yml', content: 'name: p\nmodel-paths: [models]\nmodels:\n  p:\n    +schema: analytics\n    staging:\n      +materialized: ephemeral\n' },
  { path: 'models/src.yml', content: 'version: 2\nsources:\n  - name: raw\n    tables: [{name: orders}, {name: customers}]\n' },
  { path: 'models/base_orders.sql', content: "{{ config(materialized='ephemeral') }}\nselect id, customer_id, amt from {{ source('raw', 'orders') }}" },
  { path: 'models/paid_orders.sql', content: "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('base_orders') }} where amt > 0" },
  { path: 'models/staging/stg_customers.sql', content: "select id, name from {{ source('raw', 'customers') }}" },
  {
    path: 'models/customer_revenue.sql',
    content: "select c.id, sum(o.amt) as revenue from {{ ref('stg_customers') }} c join {{ ref('paid_orders') }} o on o.customer_id = c.id group by c.id",
  },
];

it('ephemeral models are records of their own kind, with lineage as dbt shows it', () => {
  // proves: models made ephemeral in config() or in dbt_project.yml are kept, not dropped
  const { entries } = linkCatalog(dbtFileFacts(files));
  const byId = new Map(entries.map((e) => [e.id, e]));
  expect([...byId.keys()].sort()).toEqual([
    'analytics.base_orders', 'analytics.customer_revenue', 'analytics.paid_orders', 'analytics.stg_customers', 'raw.customers', 'raw.orders',
  ]);
  expect(byId.get('analytics.paid_orders')!.kind).toBe('dbt ephemeral model');
  expect(byId.get('analytics.stg_customers')!.kind).toBe('dbt ephemeral model');
  expect(byId.get('analytics.customer_revenue')!.kind).toBe('dbt model');
  // ref-level lineage: a model lists the ephemeral models it refs, an ephemeral model its own refs
  expect(byId.get('analytics.customer_revenue')!.upstream).toEqual(['analytics.paid_orders', 'analytics.stg_customers']);
  expect(byId.get('analytics.paid_orders')!.upstream).toEqual(['analytics.base_orders']);
  expect(byId.get('analytics.base_orders')!.downstream).toEqual(['analytics.paid_orders']);
});

it('a join on an ephemeral model is recorded on the table behind it', () => {
  // proves: join edges still pass through ephemeral models to the one physical table they read
  const { entries } = linkCatalog(dbtFileFacts(files));
  const orders = entries.find((e) => e.id === 'raw.orders')!;
  expect(orders.joinKeys.map((k) => [k.columns, k.table, k.refColumns])).toEqual([[['customer_id'], 'raw.customers', ['id']]]);
});
