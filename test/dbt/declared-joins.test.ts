import { expect, it } from 'vitest';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';

/**
 * Join keys a dbt project declares outside relationships tests. The semantic models are
 * cut down from dbt-labs/jaffle-shop (models/marts/orders.yml, customers.yml): `customer`
 * is a foreign entity of orders and the primary entity of customers, so orders.customer_id
 * references customers.customer_id. The constraints follow dbt's model-contract docs.
 */
const project = { path: 'dbt_project.yml', content: 'name: p\nmodel-paths: [models]\n' };
const model = (name: string, cols: string) => ({ path: `models/${name}.sql`, content: `select ${cols} from raw.${name}` });

const keysOf = (files: { path: string; content: string }[], id: string) => {
  const { entries } = linkCatalog(dbtFileFacts([project, ...files]));
  return entries.find((e) => e.id.endsWith(id))!.joinKeys.map((k) => `${k.columns.join(',')} ${k.relation} ${k.table.split('.').pop()}(${k.refColumns.join(',')}) ${k.confidence}`);
};

it('a foreign entity of one semantic model references the primary entity of that name, in a file of semantic models only', () => {
  const semantic = `semantic_models:
  - name: orders
    model: ref('orders')
    entities:
      - name: order_id
        type: primary
      - name: customer
        type: foreign
        expr: customer_id
      - name: store
        type: foreign
        expr: "coalesce(store_id, 0)"
  - name: customers
    model: ref('customers')
    entities:
      - name: customer
        expr: customer_id
        type: primary
`;
  const files = [model('orders', 'order_id, customer_id, store_id'), model('customers', 'customer_id'), { path: 'models/semantic.yml', content: semantic }];
  // an expression entity (store) names no column; an entity with no primary anywhere joins nothing
  expect(keysOf(files, 'orders')).toEqual(['customer_id references customers(customer_id) 0.9']);
  expect(keysOf(files, 'customers')).toEqual(['customer_id referenced by orders(customer_id) 0.9']);
});

it('foreign_key constraints, on a column (dbt 1.9 `to:`) and on the model (the older expression form)', () => {
  const props = `models:
  - name: orders
    constraints:
      - type: foreign_key
        columns: [store_id]
        expression: "raw.stores (id)"
    columns:
      - name: customer_id
        constraints:
          - type: foreign_key
            to: ref('customers')
            to_columns: [customer_id]
`;
  const files = [model('orders', 'order_id, customer_id, store_id'), model('customers', 'customer_id'), { path: 'models/orders.yml', content: props }];
  expect(keysOf(files, 'orders').sort()).toEqual(['customer_id references customers(customer_id) 0.9', 'store_id references stores(id) 0.9']);
});
