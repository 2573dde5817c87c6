import { describe, expect, it } from 'vitest';
import { ARTIFACT, placeArtifacts } from '../../enrichers/dbt/artifact-files.js';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';

/**
 * A manifest's compiled SQL stands in for Grainline's render of the same model text: a
 * model built by a package macro the repo does not hold renders to nothing here, but dbt
 * compiled it. The manifest is a hand-cut extract of the shape dbt 1.9 writes (see ci-target/).
 */
const model = "{{ orders_pkg.orders_by_customer(ref('stg_orders')) }}\n";
const compiled = 'select customer_id, count(*) as orders from "warehouse"."staging"."stg_orders" group by customer_id';
const manifest = (raw: string) =>
  JSON.stringify({
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', project_name: 'shop' },
    nodes: {
      'model.shop.customer_orders': {
        resource_type: 'model', package_name: 'shop', name: 'customer_orders', original_file_path: 'models/customer_orders.sql',
        relation_name: '"warehouse"."analytics"."customer_orders"', raw_code: raw, compiled_code: compiled,
        depends_on: { nodes: ['model.shop.stg_orders'] },
      },
      'model.shop.stg_orders': {
        resource_type: 'model', package_name: 'shop', name: 'stg_orders', original_file_path: 'models/stg_orders.sql',
        relation_name: '"warehouse"."staging"."stg_orders"', raw_code: 'select 1 as order_id, 2 as customer_id',
      },
    },
    sources: {},
  });

function facts(manifestRaw: string) {
  const files = [
    { path: 'dbt_project.yml', content: 'name: shop\nprofile: shop\n', sha: 'a' },
    { path: 'models/customer_orders.sql', content: model, sha: 'b' },
    { path: 'models/stg_orders.sql', content: 'select 1 as order_id, 2 as customer_id', sha: 'c' },
  ];
  const placed = placeArtifacts(files, { manifest: manifest(manifestRaw) }, (path, content, sha) => ({ path, content, sha }));
  expect(placed.map((f) => f.path)).toContain(ARTIFACT.manifest);
  // the model file's own facts: the manifest's (depends_on, relation) come from target/manifest.json
  return dbtFileFacts(placed).filter((f) => f.file === 'models/customer_orders.sql').flatMap((f) => f.tables);
}

describe("a manifest's compiled SQL", () => {
  it('feeds grain inference when the model text is what dbt compiled', () => {
    const [table] = facts(model);
    expect(table.name).toBe('warehouse.analytics.customer_orders');
    expect(table.grain).toContainEqual(expect.objectContaining({ columns: ['customer_id'], source: 'sql' }));
  });
  it('is ignored when the model changed since the manifest was built', () => {
    const [table] = facts('{{ something_older() }}');
    expect(table.grain.filter((g) => g.source === 'sql')).toEqual([]);
  });
});
