import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../enrichers/catalog/analyze-repo.js';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { mergeOwners } from '../../enrichers/merge/owners.js';
import { inferOwners, readOwnerSources } from '../../enrichers/owners/infer-owners.js';
import { loadPythonParser } from '../../enrichers/python/parser.js';

// A small folder-per-table repo in the shape of <project>/<dataset>/<table>/{query.sql,metadata.yaml},
// with a DAG registry; three tables declare no owner and must get one from their surroundings.
const meta = (owners: string[], dag?: string) =>
  [owners.length ? `owners:\n${owners.map((o) => `- ${o}`).join('\n')}` : 'description: no owner here', dag ? `scheduling:\n  dag_name: ${dag}` : ''].join('\n') + '\n';
const files: Record<string, string> = {
  'dags.yaml': 'bq_inventory:\n  default_args:\n    owner: ivy@shop.test\n    email: [ivy@shop.test]\n',
  'sql/shop-prod/sales_derived/orders_v1/query.sql': 'SELECT order_id, amount FROM `shop-prod.raw.orders`',
  'sql/shop-prod/sales_derived/orders_v1/metadata.yaml': meta(['ana@shop.test']),
  'sql/shop-prod/sales_derived/refunds_v1/query.sql': 'SELECT refund_id FROM `shop-prod.raw.refunds`',
  'sql/shop-prod/sales_derived/refunds_v1/metadata.yaml': meta(['ana@shop.test']),
  'sql/shop-prod/sales_derived/returns_v1/query.sql': 'SELECT return_id FROM `shop-prod.raw.returns`',
  'sql/shop-prod/sales_derived/returns_v1/metadata.yaml': meta(['raj@shop.test']),
  'sql/shop-prod/sales_derived/discounts_v1/query.sql': 'SELECT discount_id FROM `shop-prod.raw.discounts`',
  'sql/shop-prod/sales_derived/discounts_v1/metadata.yaml': meta([]),
  'sql/shop-prod/sales/orders/view.sql': 'CREATE OR REPLACE VIEW `shop-prod.sales.orders` AS SELECT * FROM `shop-prod.sales_derived.orders_v1`',
  'sql/shop-prod/sales/orders/metadata.yaml': meta([]),
  'sql/shop-prod/stock_derived/levels_v1/query.sql': 'SELECT sku, qty FROM `shop-prod.raw.stock`',
  'sql/shop-prod/stock_derived/levels_v1/metadata.yaml': meta([], 'bq_inventory'),
};

describe('owners inferred across a folder-per-table repo', () => {
  let top: (id: string) => { id: string; source: string } | undefined;
  beforeAll(async () => {
    const python = await loadPythonParser();
    const facts = analyzeRepo(Object.entries(files).map(([path, content]) => ({ path, content })), python);
    const { entries } = linkCatalog(facts);
    const inferred = inferOwners(entries, readOwnerSources(Object.entries(files).map(([path, content]) => ({ path, content }))));
    top = (id) => {
      const e = entries.find((x) => x.id === id);
      return e && mergeOwners([...e.facts.flatMap((f) => f.owners), ...(inferred.byTable.get(id) ?? [])], null).owners[0];
    };
  });

  it('a table without owners takes the majority of its dataset folder', () => {
    // proves: 2 of 3 siblings declare ana -> ana
    expect(top('shop-prod.sales_derived.discounts_v1')).toMatchObject({ id: 'ana@shop.test', source: 'heuristic' });
  });

  it("a view over one table takes that table's owner", () => {
    // proves: view.sql's single upstream orders_v1 is owned by ana
    expect(top('shop-prod.sales.orders')).toMatchObject({ id: 'ana@shop.test' });
  });

  it('a table whose metadata names a DAG takes the owner the DAG registry gives', () => {
    // proves: scheduling.dag_name -> dags.yaml default_args.owner
    expect(top('shop-prod.stock_derived.levels_v1')).toMatchObject({ id: 'ivy@shop.test', source: 'heuristic' });
  });

  it('a declared owner is kept as the answer', () => {
    // proves: declarations are never displaced by inferences
    expect(top('shop-prod.sales_derived.returns_v1')).toMatchObject({ id: 'raj@shop.test', source: 'metadata-yaml' });
  });
});
