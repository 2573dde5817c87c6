import { describe, expect, it } from 'vitest';
import { grains as grainsIn } from './grains.js';
import { FALLBACK_CONFIDENCE } from '../../enrichers/catalog/grain-fallback.js';

const grains = (files: Record<string, string>) => grainsIn('shop', files);

describe('grain inherited by downstream models', () => {
  it('a projection of a keyed upstream inherits its key under the new name', async () => {
    // proves: rename through CTEs across models (declared upstream key -> downstream key), capped below declared
    const g = await grains({
      'models/stg_accounts.sql': `select acct_no, region from {{ source('crm', 'accounts') }} group by acct_no, region`,
      'models/accounts.sql': `with a as (select * from {{ ref('stg_accounts') }}) select acct_no as account_number, region from a`,
      'models/schema.yml': `version: 2\nmodels:\n  - name: stg_accounts\n    columns:\n      - name: acct_no\n        tests: [unique]\n`,
    });
    expect(g['stg_accounts']?.columns).toEqual(['acct_no']);
    expect(g['accounts']?.columns).toEqual(['account_number']);
    expect(g['accounts']?.source).toBe('sql');
    expect(g['accounts']?.confidence).toBeLessThanOrEqual(0.8);
    expect(g['accounts']?.detail).toContain('inherited from stg_accounts');
  });

  it('a chain of models inherits end to end, and a LEFT JOIN on the joined model\'s key does not stop it', async () => {
    // proves: the fan-out check uses the joined table's grain, known only at link time
    const g = await grains({
      'models/stg_orders.sql': `select order_ref, customer_ref, amount from {{ source('shop', 'orders') }} group by 1, 2, 3`,
      'models/stg_customers.sql': `select customer_ref, count(*) as n from {{ source('shop', 'customers') }} group by customer_ref`,
      'models/int_orders.sql': `select o.*, c.n from {{ ref('stg_orders') }} o left join {{ ref('stg_customers') }} c on o.customer_ref = c.customer_ref`,
      'models/fct_orders.sql': `select * from {{ ref('int_orders') }} where amount > 0`,
    });
    expect(g['int_orders']?.columns).toEqual(['order_ref', 'customer_ref', 'amount']);
    expect(g['fct_orders']?.columns).toEqual(['order_ref', 'customer_ref', 'amount']);
  });

  it('a join that does not bind the joined model\'s key may fan out: nothing inherited', async () => {
    // proves: a join on a non-key column of the other model blocks inheritance
    const g = await grains({
      'models/stg_a.sql': `select k, count(*) as n from {{ source('s', 'a') }} group by k`,
      'models/stg_b.sql': `select k, v, count(*) as m from {{ source('s', 'b') }} group by k, v`,
      'models/joined.sql': `select a.k, a.n, b.m from {{ ref('stg_a') }} a left join {{ ref('stg_b') }} b on a.k = b.k`,
    });
    expect(g['joined']).toBeNull();
  });

  it('a column pinned by WHERE drops out of the inherited key', async () => {
    // proves: `where snapshot_date = (select max(..))` keeps one row per the rest of the key
    const g = await grains({
      'models/daily.sql': `select user_id, snapshot_date, count(*) as n from {{ source('s', 'events') }} group by user_id, snapshot_date`,
      'models/latest.sql': `select user_id, n from {{ ref('daily') }} where snapshot_date = (select max(snapshot_date) from {{ ref('daily') }})`,
    });
    expect(g['latest']?.columns).toEqual(['user_id']);
  });

  it('an aggregating model does not inherit; its own GROUP BY is its grain', async () => {
    // proves: inheritance applies only to row-preserving models
    const g = await grains({
      'models/stg_x.sql': `select id, kind from {{ source('s', 'x') }} group by id, kind`,
      'models/by_kind.sql': `select kind, count(*) as n from {{ ref('stg_x') }} group by kind`,
    });
    expect(g['by_kind']?.columns).toEqual(['kind']);
  });
});

describe('GROUP BY over a keyed upstream', () => {
  const upstream = {
    'models/member_plans.sql': `select member_id, plan, gender, premium from {{ source('s', 'enrollment') }}`,
    'models/schema.yml': `version: 2\nmodels:\n  - name: member_plans\n    tests:\n      - dbt_utils.unique_combination_of_columns:\n          combination_of_columns: [member_id, plan]\n`,
  };

  it('groups that hold the whole upstream key are one row per that key, not per the GROUP BY list', async () => {
    // proves: attributes listed in GROUP BY beside the key do not widen the grain
    const g = await grains({
      ...upstream,
      'models/premiums.sql': `select member_id, plan, gender, sum(premium) as total from {{ ref('member_plans') }} group by member_id, plan, gender`,
    });
    expect(g['premiums']?.columns).toEqual(['member_id', 'plan']);
    expect(g['premiums']?.confidence).toBeLessThanOrEqual(0.85);
  });

  it('groups missing part of the upstream key keep the GROUP BY list', async () => {
    // proves: the narrowing applies only when every key column is grouped on
    const g = await grains({
      ...upstream,
      'models/by_gender.sql': `select member_id, gender, sum(premium) as total from {{ ref('member_plans') }} group by member_id, gender`,
    });
    expect(g['by_gender']?.columns).toEqual(['member_id', 'gender']);
  });
});

describe('declarations and naming conventions', () => {
  it('a staging model renaming id to <entity>_id gets that key, at low confidence', async () => {
    // proves: the naming fallback fires and stays at or below 0.5
    const g = await grains({ 'models/staging/stg_invoices.sql': `select id as invoice_id, total from {{ source('billing', 'invoices') }}` });
    expect(g['stg_invoices']?.columns).toEqual(['invoice_id']);
    expect(g['stg_invoices']?.source).toBe('heuristic');
    expect(g['stg_invoices']?.confidence).toBeLessThanOrEqual(0.5);
  });

  it('a single <entity>_key column names the grain; two candidates name none, leaving the leading id to the fallback', async () => {
    // proves: the entity rule needs exactly one column matching the model's own name
    const g = await grains({
      'models/dim_store.sql': `select s.code as store_key, s.city from {{ source('s', 'stores') }} s`,
      'models/dim_region.sql': `select region_id, region_key, name from {{ source('s', 'regions') }}`,
    });
    expect(g['dim_store']?.columns).toEqual(['store_key']);
    expect(g['dim_store']?.confidence).toBeLessThanOrEqual(0.5);
    // two entity candidates: the entity rule names none, and only the weakest fallback, the
    // select list's leading id, speaks (grain-fallback.ts)
    expect(g['dim_region']?.detail).not.toMatch(/names the table's entity/);
    expect(g['dim_region']?.columns).toEqual(['region_id']);
    expect(g['dim_region']?.confidence).toBe(FALLBACK_CONFIDENCE.leadingId);
  });

  it('a declared key always beats what the SQL or naming suggests', async () => {
    // proves: precedence: a unique test (declared) wins over an inherited or GROUP BY grain
    const g = await grains({
      'models/stg_items.sql': `select id as item_id, sku, day from {{ source('s', 'items') }} group by 1, 2, 3`,
      'models/schema.yml': `version: 2\nmodels:\n  - name: stg_items\n    columns:\n      - name: sku\n        tests: [unique]\n`,
    });
    expect(g['stg_items']?.columns).toEqual(['sku']);
    expect(g['stg_items']?.source).toBe('dbt-yaml');
  });
});
