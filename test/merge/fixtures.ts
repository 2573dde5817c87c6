import type { Annotation } from '../../schemas/annotation.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { TableFact } from '../../schemas/facts.js';

export function ordersEntry(): CatalogEntry {
  return {
    id: 'analytics.orders',
    table: 'analytics.orders',
    kind: 'dbt model',
    aliases: ['orders'],
    files: ['models/orders.sql', 'models/schema.yml'],
    facts: [
      fact({
        defines: true,
        kind: 'dbt model',
        columns: [
          { name: 'order_id', source: 'sql' },
          { name: 'customer_id', source: 'sql' },
          { name: 'amount', source: 'sql', type: 'numeric' },
        ],
        grain: [{ columns: ['order_id'], source: 'sql', confidence: 0.7 }],
      }),
      fact({
        defines: false,
        descriptions: [{ text: 'All orders placed on the web shop.', source: 'dbt-yaml', confidence: 0.9 }],
        columns: [{ name: 'order_id', description: 'Order key', source: 'dbt-yaml' }],
        grain: [{ columns: ['ORDER_ID'], source: 'dbt-yaml', confidence: 0.9 }],
      }),
    ],
    upstream: ['raw.shop_orders', 'raw.payments'],
    downstream: ['analytics.revenue_daily'],
    joinKeys: [{ columns: ['customer_id'], table: 'analytics.customers', refColumns: ['id'], source: 'sql', confidence: 0.8 }],
    warnings: [],
    fingerprint: 'f',
    similar: [],
  };
}

export function modelFact(): TableFact {
  return fact({
    defines: false,
    kind: 'view',
    descriptions: [{ text: 'Orders table.', source: 'model', confidence: 0.6 }],
    grain: [{ columns: ['order_id', 'line_id'], source: 'model', confidence: 0.6 }],
  });
}

export function annotation(over: Partial<Annotation> = {}): Annotation {
  return {
    table: 'analytics.orders',
    file: 'annotations/orders.yml',
    line: 1,
    owners: [{ id: '@acme/checkout', kind: 'team' }],
    caveats: ['Amounts exclude tax before 2023.'],
    deprecated: false,
    pii: [],
    columns: {},
    ...over,
  };
}

function fact(over: Partial<TableFact>): TableFact {
  return {
    name: 'analytics.orders',
    defines: false,
    aliases: [],
    upstream: [],
    columns: [],
    grain: [],
    joinKeys: [],
    owners: [],
    descriptions: [],
    consumers: [],
    tags: [],
    ...over,
  };
}
