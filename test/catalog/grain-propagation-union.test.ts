import { describe, expect, it } from 'vitest';
import { grains as grainsIn } from './grains.js';
import { UNION_SHARED_CAP } from '../../enrichers/catalog/grain-carry-union.js';

const grains = (files: Record<string, string>) => grainsIn('apps', files);

// Shape of Fivetran's app_reporting report models (spider2-dbt app_reporting001): one
// aggregated model per app store, each labelled with its platform, unioned by
// dbt_utils.union_relations (rendered as `select * from a union all select * from b`) and
// then projected through CTEs.
const perStore = (store: string) =>
  `select source_relation, date_day, '${store}' as app_platform, app_name, device, sum(downloads) as downloads
   from {{ ref('${store}__device_report') }} group by 1, 2, 3, 4, 5`;

describe('grain of a union of models', () => {
  it('branches that each carry the same key: the union is keyed by it, below a key read from one query', async () => {
    // proves: the branches' keys, known only once the upstream models are linked, reach the union
    const g = await grains({
      'models/int_apple__device.sql': perStore('apple_store'),
      'models/int_google__device.sql': perStore('google_play'),
      'models/device_report.sql': `with unioned as (
          {{ dbt_utils.union_relations(relations=[ref('int_apple__device'), ref('int_google__device')]) }}
        ), final as (select source_relation, date_day, app_platform, app_name, device, downloads from unioned)
        select * from final`,
    });
    expect(g['device_report']?.columns).toEqual(['source_relation', 'date_day', 'app_platform', 'app_name', 'device']);
    expect(g['device_report']?.confidence).toBeLessThanOrEqual(UNION_SHARED_CAP);
  });

  it('a top-level UNION ALL of two models with the same key, renamed by position', async () => {
    // proves: a branch's columns are matched to the union's by position, and a rename keeps the key
    const g = await grains({
      'models/web_users.sql': `select user_id, count(*) as n from {{ source('s', 'web') }} group by user_id`,
      'models/app_users.sql': `select account_id, count(*) as n from {{ source('s', 'app') }} group by account_id`,
      'models/users.sql': `select user_id, n from {{ ref('web_users') }} union all select account_id, n from {{ ref('app_users') }}`,
    });
    expect(g['users']?.columns).toEqual(['user_id']);
  });

  it('branches keyed differently, or a branch of unknown key, give the union no shared key', async () => {
    // proves: only a key every branch carries onto the same columns is the union's
    const g = await grains({
      'models/by_day.sql': `select date_day, max(user_id) as user_id from {{ source('s', 'e') }} group by date_day`,
      'models/by_user.sql': `select max(date_day) as date_day, user_id from {{ source('s', 'e') }} group by user_id`,
      'models/mixed.sql': `select * from {{ ref('by_day') }} union all select * from {{ ref('by_user') }}`,
      'models/unknown.sql': `select date_day, user_id from {{ ref('by_day') }} union all select event_day, user_id from {{ source('s', 'raw_days') }}`,
    });
    expect(g['mixed']?.detail ?? '').not.toMatch(/UNION of upstreams/);
    expect(g['unknown']?.detail ?? '').not.toMatch(/UNION of upstreams/);
  });
});

// Shape of Fivetran's int_greenhouse__application_users (spider2-dbt greenhouse001): the staging
// model of a package that is not installed, passed on through `application.*` with names joined on.
describe('columns a `*` passes on', () => {
  const files = (yml: string) => ({
    'models/users.sql': `select user_id, max(full_name) as full_name from {{ source('gh', 'user') }} group by user_id`,
    'models/application_users.sql': `select application.*, referrer.full_name as referrer_name
      from {{ ref('stg_greenhouse__application') }} as application
      left join {{ ref('users') }} as referrer on application.credited_to_user_id = referrer.user_id`,
    'models/schema.yml': yml,
  });

  it('are the upstream columns: a documented id names the unbuilt upstream, and its key reaches the model', async () => {
    // proves: application_id, known only from the model's documentation, is taken as a column of the upstream the `*` reads
    const g = await grains(files(`version: 2\nmodels:\n  - name: application_users\n    columns:\n      - name: application_id\n      - name: referrer_name\n`));
    expect(g['application_users']?.columns).toEqual(['application_id']);
    expect(g['application_users']?.detail).toMatch(/inherited from stg_greenhouse__application/);
  });

  it('a column the select computes itself is not one of the upstream columns', async () => {
    // proves: referrer_name comes from the join, so it says nothing of the upstream
    const g = await grains(files(`version: 2\nmodels:\n  - name: application_users\n    columns:\n      - name: referrer_name\n`));
    expect(g['application_users']?.detail ?? '').not.toMatch(/inherited from stg_greenhouse__application/);
  });
});
