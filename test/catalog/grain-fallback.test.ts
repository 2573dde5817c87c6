import { describe, expect, it } from 'vitest';
import { grains } from './grains.js';
import { FALLBACK_CONFIDENCE, fallbackGrain } from '../../enrichers/catalog/grain-fallback.js';
import { fallbackInput } from './fallback-input.js';
import { NAMING_CONFIDENCE } from '../../enrichers/catalog/grain-naming.js';

const input = fallbackInput;

describe('grain fallbacks: the weakest guesses, for tables nothing else keys', () => {
  it('a descriptive suffix still names the entity: intercom__company_enhanced is one row per company_id', () => {
    // Spider2's intercom__company_enhanced (the key is not the first column)
    const k = fallbackGrain(input('intercom__company_enhanced', ['company_name', 'company_id', 'created_at', 'all_company_tags']));
    expect(k?.columns).toEqual(['company_id']);
    expect(k?.confidence).toBe(FALLBACK_CONFIDENCE.entitySuffix);
    // the same name without the suffix is the naming rule's, not this one's
    expect(fallbackGrain(input('intercom__company', ['company_name', 'created_at']))).toBeUndefined();
  });

  it('the leading id of the select list, loader bookkeeping skipped (Fivetran hubspot staging)', () => {
    // stg_hubspot__engagement_email's columns: _fivetran_synced, _fivetran_deleted, engagement_id, ...
    const k = fallbackGrain(input('stg_hubspot__engagement_email', ['_fivetran_synced', '_fivetran_deleted', 'engagement_id', 'engagement_type', 'owner_id']));
    expect(k?.columns).toEqual(['engagement_id']);
    expect(k?.confidence).toBe(FALLBACK_CONFIDENCE.leadingId);
    // Fivetran's own row id is a key, not bookkeeping (stg_hubspot__property)
    expect(fallbackGrain(input('stg_hubspot__property', ['_fivetran_id', '_fivetran_synced', 'calculated']))?.columns).toEqual(['_fivetran_id']);
  });

  it('an unnested array position joins the leading id (greenhouse phone numbers)', () => {
    const k = fallbackGrain(input('stg_greenhouse__phone_number', ['candidate_id', 'index', 'phone_type', 'phone_number']));
    expect(k?.columns).toEqual(['candidate_id', 'index']);
  });

  it('no guess when the first column is no identifier or the name says many rows per entity', () => {
    // a code leads the list (tuva's _value_set_johnston_icd9)
    expect(fallbackGrain(input('_value_set_johnston_icd9', ['icd9', 'edcnnpa', 'injury']))).toBeUndefined();
    // google_ads ad_group_stats: the first id is the account's, the rows are per day and device
    expect(fallbackGrain(input('stg_google_ads__ad_group_stats', ['account_id', 'date_day', 'ad_group_id'], { manyPerEntity: true }))).toBeUndefined();
  });

  it('rows joined to other tables may fan out: the leading id ranks lower there', () => {
    const k = fallbackGrain(input('int_task_assignee', ['task_id', 'user_name'], { joined: true }));
    expect(k?.columns).toEqual(['task_id']);
    expect(k?.confidence).toBe(FALLBACK_CONFIDENCE.leadingIdJoined);
    expect(k!.confidence).toBeLessThan(FALLBACK_CONFIDENCE.leadingId);
  });

  it('the union discriminator is never the leading id (the caller adds it to the key)', () => {
    const k = fallbackGrain(input('stg_xero__organization', ['source_relation', 'organisation_id', 'name'], { discriminator: 'source_relation' }));
    expect(k?.columns).toEqual(['organisation_id']);
  });

  it('a fallback guess is recorded on its table but is no key to reduce a GROUP BY by', async () => {
    // tuva's eligibility flags: the upstream leads with person_id (a guess), and the GROUP BY
    // person_id, data_source is right as it stands
    const g = await grains('p', {
      'models/input_eligibility.sql': `select person_id, member_id, data_source, enrollment_start_date from {{ source('s', 'eligibility') }}`,
      'models/eligibility_person_flags.sql': `select person_id, data_source, count(*) as spans from {{ ref('input_eligibility') }} group by person_id, data_source`,
    });
    expect(g['input_eligibility']?.columns).toEqual(['person_id']);
    expect(g['input_eligibility']?.confidence).toBe(FALLBACK_CONFIDENCE.leadingId);
    expect(g['eligibility_person_flags']?.columns).toEqual(['person_id', 'data_source']);
  });

  it('every fallback ranks below every naming rule', () => {
    const weakestNaming = Math.min(...Object.values(NAMING_CONFIDENCE));
    for (const c of Object.values(FALLBACK_CONFIDENCE)) expect(c).toBeLessThanOrEqual(weakestNaming);
  });
});
