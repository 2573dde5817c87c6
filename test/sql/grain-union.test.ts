import { describe, expect, it } from 'vitest';
import { grainCols, stmt } from './helpers.js';

// Shape of the Fivetran app_reporting intermediate models (spider2-dbt app_reporting001): each
// store's report aggregated per day and app, labelled with a constant platform, then unioned.
describe('grain of a UNION ALL', () => {
  it('keyed branches told apart by a constant column: their keys plus that column', () => {
    // proves: the constant makes the branches disjoint, so each branch's GROUP BY key stays unique
    const s = stmt(
      `create table rpt.app_version as
       with apple as (select source_relation, date_day, 'apple_store' as app_platform, app_name, sum(crashes) as crashes
                      from raw.apple_versions group by 1, 2, 3, 4),
       google as (select source_relation, date_day, 'google_play' as app_platform, package_name as app_name, sum(crashes) as crashes
                  from raw.google_versions group by 1, 2, 3, 4),
       unioned as (select * from apple union all select * from google)
       select * from unioned`,
      'duckdb',
    );
    expect(grainCols(s)).toEqual([['source_relation', 'date_day', 'app_platform', 'app_name']]);
    expect(s.grain[0].confidence).toBeLessThanOrEqual(0.8);
  });

  it('the top-level union, with the constant outside the branch keys', () => {
    // proves: the discriminator joins the key when the branches' own keys lack it
    const s = stmt(
      `create table rpt.users as
       select user_id, 'web' as channel, count(*) as n from raw.web_events group by user_id
       union all
       select user_id, 'app' as channel, count(*) as n from raw.app_events group by user_id`,
      'duckdb',
    );
    expect(grainCols(s)).toEqual([['user_id', 'channel']]);
  });

  it('branches with the same constant, or an unkeyed branch, give no key', () => {
    // proves: without disjoint branches two rows may share a key; without keyed branches nothing is known
    const same = stmt(
      `create table rpt.users as
       select user_id, 'web' as channel from raw.a group by user_id union all select user_id, 'web' as channel from raw.b group by user_id`,
      'duckdb',
    );
    expect(same.grain).toEqual([]);
    const unkeyed = stmt(
      `create table rpt.users as
       select user_id, 'web' as channel from raw.a group by user_id union all select user_id, 'app' as channel from raw.b`,
      'duckdb',
    );
    expect(unkeyed.grain).toEqual([]);
  });

  it('rows written as literals: the fewest leading columns that tell them apart; one such row: its first column', () => {
    // proves (dbt-project-evaluator's stg_model_1 / stg_model_3 / int_model_4): a SELECT without FROM is one row
    expect(grainCols(stmt(`create table m.a as select 1 as id union all select 2 as id`, 'duckdb'))).toEqual([['id']]);
    expect(grainCols(stmt(`create table m.b as select 1 as id, 'blue' as color union all select 1 as id, 'red' as color`, 'duckdb'))).toEqual([['id', 'color']]);
    expect(grainCols(stmt(`create table m.c as select 1 as id`, 'duckdb'))).toEqual([['id']]);
    // the same rows twice are told apart by nothing
    expect(grainCols(stmt(`create table m.d as select 1 as id union all select 1 as id`, 'duckdb'))).toEqual([]);
  });
});

