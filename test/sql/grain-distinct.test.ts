import { describe, expect, it } from 'vitest';
import { GRAIN_CONFIDENCE } from '../../enrichers/sql/grain.js';
import { grainCols, stmt } from './helpers.js';

// Shapes from the Tuva project's staging models (cms_hcc._stg_member_months,
// fhir_preprocessing.procedure): SELECT DISTINCT over every column, with run constants.
describe('SELECT DISTINCT grain', () => {
  it('constant columns drop out of a DISTINCT key', () => {
    // proves: `cast('' as timestamp) as tuva_last_run` and `'completed' as status` tell no rows apart
    const s = stmt(
      `create table cms_hcc.stg_member_months as
       select distinct person_id, payer, year_month, 'completed' as status, cast('' as timestamp) as tuva_last_run
       from core.member_months`,
      'duckdb',
    );
    expect(grainCols(s)[0]).toEqual(['person_id', 'payer', 'year_month']);
    expect(s.grain[0].confidence).toBe(GRAIN_CONFIDENCE.distinct);
  });

  it('a wide DISTINCT is a key of low confidence', () => {
    // proves: a DISTINCT over many columns is a superset of the declared key more often than not
    const s = stmt(
      `create table fhir.procedure as
       select distinct person_id, procedure_id, procedure_code, procedure_display, practitioner_id, data_source
       from core.procedure`,
      'duckdb',
    );
    expect(grainCols(s)[0]).toHaveLength(6);
    expect(s.grain[0].confidence).toBe(GRAIN_CONFIDENCE.wideDistinct);
    expect(GRAIN_CONFIDENCE.wideDistinct).toBeLessThan(0.7);
  });
});

describe('GROUP BY that aggregates nothing', () => {
  it('is a wide DISTINCT: low confidence', () => {
    // proves: stg_google_play__stats_ratings_device (`group by 1, 2, 3, 4, 5, 6` over plain columns) ranks like a wide DISTINCT
    const s = stmt(
      `create table gp.ratings_device as
       select source_relation, date_day, device, package_name, daily_average_rating as average_rating, total_average_rating
       from raw.ratings group by 1, 2, 3, 4, 5, 6`,
      'duckdb',
    );
    expect(grainCols(s)[0]).toHaveLength(6);
    expect(s.grain[0].confidence).toBe(GRAIN_CONFIDENCE.wideDistinct);
    const agg = stmt(`create table gp.r as select source_relation, date_day, device, package_name, sum(n) as n from raw.ratings group by 1, 2, 3, 4`, 'duckdb');
    expect(agg.grain[0].confidence).toBe(GRAIN_CONFIDENCE.groupBy);
  });
});

describe('ROW_NUMBER() = 1 over columns only a `*` brings', () => {
  it('keeps the partition key when both selects pass the table through `*`', () => {
    // proves: int_pendo__latest_account (`select *, row_number() over (partition by account_id ...)` over a
    // history table, then `select * ... where latest_account_index = 1`) is one row per account_id
    const s = stmt(
      `create table pendo.latest_account as
       with account_history as (select * from raw.account_history),
       latest_account as (select *, row_number() over (partition by account_id order by last_updated_at desc) as latest_account_index from account_history)
       select * from latest_account where latest_account_index = 1`,
      'duckdb',
    );
    expect(grainCols(s)).toContainEqual(['account_id']);
  });
});
