import { describe, expect, it } from 'vitest';
import { blindRepo, refTarget } from '../../cli/eval/declarations.js';

// A properties file written the ways dbt projects write them: column tests, dbt 1.10
// `arguments:`, model-level combination tests, constraints, a conditional test, groups.
const PROPERTIES = `
groups:
  - name: finance
    owner: { name: Fin Team, email: fin@example.com }
models:
  - name: orders
    config: { group: finance }
    columns:
      - name: order_id
        description: The unique key of an order.
        data_tests: [unique, not_null]
      - name: customer_id
        data_tests:
          - relationships:
              arguments: { to: "ref('customers')", field: customer_id }
  - name: order_days
    meta: { owner: ada@example.com }
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          combination_of_columns: [order_date, country]
    columns:
      - name: day_id
        tests:
          - unique:
              config: { where: "country = 'NL'" }
  - name: customers
    config: { meta: { owners: [cy@example.com, dee@example.com] } }
    constraints:
      - type: primary_key
        columns: [customer_id]
    columns:
      - name: region_id
        constraints:
          - type: foreign_key
            to: ref('regions')
            to_columns: [id]
`;

const files = () => new Map([['models/schema.yml', PROPERTIES], ['models/orders.sql', 'select 1'], ['target/manifest.json', '{}']]);

describe('blindRepo', () => {
  it('reads every grain and join declaration and removes exactly those', () => {
    const b = blindRepo(files(), { holdout: 0, seed: 1 });
    expect(b.grain.map((g) => [g.name, g.keys])).toEqual([
      ['orders', [['order_id']]],
      ['order_days', [['order_date', 'country']]],
      ['customers', [['customer_id']]],
    ]);
    expect(b.joins.map((j) => `${j.name}.${j.columns} -> ${j.target}.${j.refColumns}`)).toEqual([
      'orders.customer_id -> customers.customer_id',
      'customers.region_id -> regions.id',
    ]);
    const text = b.files.get('models/schema.yml')!;
    expect(text).not.toMatch(/unique_combination|relationships|primary_key|foreign_key|\[unique/);
    expect(text.match(/unique/g)).toHaveLength(2); // the description and the conditional test
    // what is not an answer stays: not_null, the conditional test, the descriptions
    expect(text).toContain('not_null');
    expect(text).toContain("country = 'NL'");
    expect(text).toContain('The unique key of an order.');
    // a committed manifest would give the answers away
    expect(b.files.has('target/manifest.json')).toBe(false);
    expect(b.removed.files).toEqual(['target/manifest.json']);
    expect(b.owners).toEqual([]);
    expect(b.ownersKept).toBe(3);
  });

  it('reads the uniqueness tests of dbt_expectations and dbt_constraints and unique constraints; a row_condition or a disabled test is no grain', () => {
    // extract of mitodl/ol-data-platform's _dim__models.yml (230 such tests there), plus the
    // column-level forms of dbt_expectations and dbt_constraints and a `unique` constraint
    const yml = `
models:
  - name: dim_video
    data_tests:
    - dbt_expectations.expect_compound_columns_to_be_unique:
        arguments:
          column_list: ["platform", "video_block_pk"]
  - name: dim_course_content
    data_tests:
    - dbt_expectations.expect_compound_columns_to_be_unique:
        arguments:
          column_list: ["platform", "courserun_readable_id", "block_id"]
          row_condition: "is_latest = true"
  - name: users
    columns:
      - name: user_id
        tests: [dbt_expectations.expect_column_values_to_be_unique]
      - name: email
        tests: [dbt_constraints.unique_key]
      - name: legacy_id
        tests:
          - unique: { config: { enabled: false } }
  - name: plans
    constraints:
      - type: unique
        columns: [plan_code]
`;
    const b = blindRepo(new Map([['models/x.yml', yml]]), { holdout: 0, seed: 1 });
    expect(b.grain.map((g) => [g.name, g.keys])).toEqual([
      ['dim_video', [['platform', 'video_block_pk']]],
      ['users', [['user_id'], ['email']]],
      ['plans', [['plan_code']]],
    ]);
    const text = b.files.get('models/x.yml')!;
    expect(text).toContain('is_latest = true');
    expect(text).toContain('enabled: false');
    expect(text).not.toContain('video_block_pk');
  });

  it('holds out owners, groups resolved to their owner, and removes them from the copy', () => {
    const b = blindRepo(files(), { holdout: 1, seed: 7 });
    expect(b.owners.map((o) => [o.name, o.ids]).sort()).toEqual([
      ['customers', ['cy@example.com', 'dee@example.com']],
      ['order_days', ['ada@example.com']],
      ['orders', ['fin@example.com', 'Fin Team']],
    ]);
    const text = b.files.get('models/schema.yml')!;
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('dee@example.com');
    expect(text).not.toMatch(/group: finance/);
    // the group's own declaration is not a table's owner and stays
    expect(text).toContain('fin@example.com');
  });

  it('holds out the same share of folder-per-table owners for the same seed', () => {
    const repo = new Map<string, string>();
    for (let i = 0; i < 8; i++) repo.set(`proj/ds/t${i}/metadata.yaml`, `friendly_name: T${i}\nowners:\n  - owner${i}@example.com\n`);
    const a = blindRepo(repo, { holdout: 0.25, seed: 3 });
    const b = blindRepo(repo, { holdout: 0.25, seed: 3 });
    expect(a.owners).toHaveLength(2);
    expect(a.owners).toEqual(b.owners);
    for (const o of a.owners) expect(a.files.get(o.file)).not.toContain('owners');
    expect(a.ownersKept).toBe(6);
  });

  it('names the table a ref or source points at', () => {
    expect(refTarget("ref('customers')")).toBe('customers');
    expect(refTarget('ref("pkg", "dim_x")')).toBe('dim_x');
    expect(refTarget("source('raw', 'events')")).toBe('events');
  });
});

describe('dbtModelFiles', () => {
  it('reads a model through a var whose value calls ref(), as dbt renders it', async () => {
    const { dbtModelFiles } = await import('../../cli/eval/dbt-models.js');
    const models = dbtModelFiles(
      new Map([
        ['dbt_project.yml', `name: app\nvars:\n  app:\n    events: "{{ ref('stg_events') }}"\n`],
        ['models/daily.sql', "select * from {{ var('events') }} join {{ ref('days') }} using (day)"],
        ['models/days.sql', 'select 1 as day'],
      ]),
    );
    expect(models.find((m) => m.file === 'models/daily.sql')!.reads.sort()).toEqual(['days', 'stg_events']);
  });
});

describe('relationships answers as dbt runs them', () => {
  it('a quoted field names the column itself, as the test SQL dbt writes reads it', () => {
    // trinityBI-HQ/dbt_ammodepot: f_sales.PRODUCT_ID -> d_product("Product ID") on Snowflake
    const yml = `
models:
  - name: f_sales
    columns:
      - name: PRODUCT_ID
        tests:
          - relationships:
              to: ref('d_product')
              field: '"Product ID"'
`;
    const b = blindRepo(new Map([['models/gold/f_sales.yml', yml]]), { holdout: 0, seed: 1 });
    expect(b.joins.map((j) => [j.columns, j.target, j.refColumns])).toEqual([[['PRODUCT_ID'], 'd_product', ['Product ID']]]);
  });
});
