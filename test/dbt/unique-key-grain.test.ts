import { describe, expect, it } from 'vitest';
import { grainOf } from '../helpers/dbt-grain.js';

// gitlab-dbt-analytics snapshots/common/dim_subscription_snapshot.sql, cut down: a timestamp snapshot
const SNAPSHOT = `{% snapshot dim_subscription_snapshot %}
    {{ config(unique_key='dim_subscription_id', strategy='timestamp', updated_at='dbt_created_at', target_schema='snapshots') }}
    SELECT dim_subscription_id, subscription_status, dbt_created_at FROM {{ source('zuora', 'subscription') }}
{% endsnapshot %}`;

describe("a snapshot's rows are versions of its unique_key", () => {
  it('is keyed by dbt_scd_id, not by the unique_key it keeps many versions of', async () => {
    // proves: unique_key names the entity of a snapshot; a version row is told apart by dbt_scd_id
    const g = await grainOf({ 'snapshots/dim_subscription_snapshot.sql': SNAPSHOT }, 'snapshots.dim_subscription_snapshot');
    expect(g?.columns).toEqual(['dbt_scd_id']);
    expect(g?.detail).toMatch(/dim_subscription_id, dbt_valid_from/);
  });

  it('a model renaming dbt_scd_id is keyed by the new name', async () => {
    // gitlab's *_snapshots_base models: `dbt_scd_id::VARCHAR AS customer_snapshot_id`, tested unique
    const g = await grainOf({
      'snapshots/dim_subscription_snapshot.sql': SNAPSHOT,
      'models/subscription_snapshots_base.sql': `select dbt_scd_id::varchar as subscription_snapshot_id, dim_subscription_id, dbt_valid_from
from {{ ref('dim_subscription_snapshot') }}`,
    }, 'subscription_snapshots_base');
    expect(g?.columns).toEqual(['subscription_snapshot_id']);
  });
});

describe("an incremental model's unique_key, by how dbt applies it", () => {
  const model = (strategy: string) => `{{ config(materialized='incremental', unique_key='snapshot_date'${strategy}) }}
select snapshot_date, account_id, balance from {{ source('bank', 'balances') }}`;

  it('is a declared key under merge, the default', async () => {
    const g = await grainOf({ 'models/daily_balances.sql': model('') }, 'daily_balances');
    expect(g?.columns).toEqual(['snapshot_date']);
    expect(g?.confidence).toBe(0.9);
  });

  it('is only a guess under delete+insert, whose key dbt says need not be unique', async () => {
    // proves: a delete+insert key names the batch each run replaces (often its date), not one row
    const g = await grainOf({ 'models/daily_balances.sql': model(", incremental_strategy='delete+insert'") }, 'daily_balances');
    expect(g?.columns).toEqual(['snapshot_date']);
    expect(g?.confidence).toBeLessThan(0.9);
    expect(g?.detail).toMatch(/delete\+insert/);
  });
});
