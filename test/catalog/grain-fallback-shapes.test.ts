import { describe, expect, it } from 'vitest';
import { FALLBACK_CONFIDENCE, fallbackGrain } from '../../enrichers/catalog/grain-fallback.js';
import { fallbackInput as input } from './fallback-input.js';

describe('grain fallbacks read from the shape of the select list (sixth round)', () => {
  it('a source-system column listed first is read with the key after it (tuva pharmacy)', () => {
    // tuva's brand_generic_opportunity: data_source, claim_id, claim_line_number, ndc_code, ...
    const k = fallbackGrain(input('brand_generic_opportunity', ['data_source', 'claim_id', 'claim_line_number', 'ndc_code', 'paid_amount']));
    expect(k?.columns).toEqual(['claim_id', 'claim_line_number', 'data_source']);
    expect(k?.confidence).toBe(FALLBACK_CONFIDENCE.leadingId);
  });

  it('a source-system column right after the key joins it; further down it does not', () => {
    // tuva's medical_claim_line_flags: claim_id, claim_line_number, data_source, then flags
    expect(fallbackGrain(input('medical_claim_line_flags', ['claim_id', 'claim_line_number', 'data_source', 'claim_type_null']))?.columns).toEqual([
      'claim_id',
      'claim_line_number',
      'data_source',
    ]);
    // tuva's benchmarks_inpatient_input lists data_source among its attributes: the id alone
    expect(fallbackGrain(input('benchmarks_inpatient_input', ['encounter_id', 'person_id', 'paid_amount', 'data_source']))?.columns).toEqual(['encounter_id']);
  });

  it('an id followed only by measures is an aggregate per id, even in a table named for many rows', () => {
    // Spider2 jira: int_jira__project_metrics
    const cols = ['project_id', 'count_closed_issues', 'count_open_issues', 'avg_close_time_seconds'];
    const k = fallbackGrain(input('int_jira__project_metrics', cols, { manyPerEntity: true }));
    expect(k?.columns).toEqual(['project_id']);
    expect(k?.confidence).toBe(FALLBACK_CONFIDENCE.aggregate);
    // another id further down is a report's key too (twitter organic_tweet_report): no guess
    expect(fallbackGrain(input('organic_tweet_report', ['account_id', 'clicks', 'organic_tweet_id', 'date_day'], { manyPerEntity: true }))).toBeUndefined();
  });

  it('a period followed only by measures is one row per period (gnosis dbt-cerebro daily facts)', () => {
    // fct_execution_gnosis_app_gpay_migration_daily: date, then plural and _usd measures
    expect(fallbackGrain(input('gpay_migration_daily', ['date', 'usd_old_safes', 'refunds_landed_usd'], { manyPerEntity: true }))?.columns).toEqual(['date']);
  });

  it('aggregate suffixes (_min, _median, _mean) are measures: the dimensions before them are the key', () => {
    // api_quarterly_data_stablecoin_supply: quarter, peg_class, supply_min, supply_max, supply_avg
    const k = fallbackGrain(input('api_quarterly_data_stablecoin_supply', ['quarter', 'peg_class', 'supply_min', 'supply_max', 'supply_avg', 'tokens_included']));
    expect(k?.columns).toEqual(['quarter', 'peg_class']);
  });

  it('a period then an id leading the list: one row per id and period', () => {
    // Spider2 mrr: date_month, customer_id, mrr, is_active (no measure named as such)
    expect(fallbackGrain(input('mrr', ['date_month', 'customer_id', 'mrr', 'is_active']))?.columns).toEqual(['customer_id', 'date_month']);
    // a period then a name is no entity's series
    expect(fallbackGrain(input('holidays', ['holiday_date', 'holiday_name', 'country']))).toBeUndefined();
  });

  it('the first words of the name give the id, last and weakest (hubspot engagement calls)', () => {
    // hubspot__engagement_calls: the id is listed after the other tables' ids
    const cols = ['contact_ids', 'deal_ids', 'is_active', 'owner_id', '_fivetran_synced', 'engagement_id', 'body'];
    const k = fallbackGrain(input('hubspot__engagement_calls', cols));
    expect(k?.columns).toEqual(['engagement_id']);
    expect(k?.confidence).toBe(FALLBACK_CONFIDENCE.namePrefix);
    expect(k!.confidence).toBeLessThan(FALLBACK_CONFIDENCE.leadingId);
    // not where the name says many rows per entity: the id is a parent's
    expect(fallbackGrain(input('stg_lever__opportunity_stage_history', ['updated_at', 'opportunity_id', 'stage'], { manyPerEntity: true }))).toBeUndefined();
  });
});
