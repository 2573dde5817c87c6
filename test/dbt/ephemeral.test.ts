import { expect, it } from 'vitest';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';

it('ephemeral models are not tables: lineage and joins pass through them to what they read', () => {
  const files = [
    { path: 'dbt_project.yml', content: 'name: p\nmodel-paths: [models]\nmodels:\n  p:\n    +schema: analytics\n' },
    { path: 'models/src.yml', content: 'version: 2\nsources:\n  - name: raw\n    tables: [{name: orders}, {name: customers}]\n' },
    { path: 'models/base_orders.sql', content: "{{ config(materialized='ephemeral') }}\nselect id, customer_id, amt from {{ source('raw', 'orders') }}" },
    { path: 'models/paid_orders.sql', content: "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('base_orders') }} where amt > 0" },
    {
      path: 'models/customer_revenue.sql',
      content: "select c.id, sum(o.amt) as revenue from {{ source('raw', 'customers') }} c join {{ ref('paid_orders') }} o on o.customer_id = c.id group by c.id",
    },
  ];
  const { entries } = linkCatalog(dbtFileFacts(files));
  expect(entries.map((e) => e.id)).toEqual(['analytics.customer_revenue', 'raw.customers', 'raw.orders']);
  const revenue = entries[0];
  expect(revenue.upstream).toEqual(['raw.customers', 'raw.orders']);
  const orders = entries.find((e) => e.id === 'raw.orders')!;
  expect(orders.downstream).toEqual(['analytics.customer_revenue']);
  // the join on the ephemeral model is a join on the source behind it
  expect(orders.joinKeys.map((k) => [k.columns, k.table, k.refColumns])).toEqual([[['customer_id'], 'raw.customers', ['id']]]);
});
