import { describe, expect, it } from 'vitest';
import { compositeNamingKey } from '../../enrichers/catalog/grain-naming-composite.js';
import { NAMING_CONFIDENCE } from '../../enrichers/catalog/grain-naming.js';
import { grains } from './grains.js';

const key = (entity: string, ...columns: string[]) => compositeNamingKey([entity], new Set(columns))?.columns;

// Column sets of Fivetran staging models (spider2-pkgs: google_ads, quickbooks, workday, shopify),
// whose declared keys are these composites.
describe('composite keys from names', () => {
  it('a history table is keyed by its entity id and its one version timestamp', () => {
    // proves: stg_google_ads__account_history -> [account_id, updated_at]; two version columns are ambiguous
    expect(key('account_history', 'account_id', 'updated_at', 'currency_code', 'time_zone')).toEqual(['account_id', 'updated_at']);
    expect(key('guide_history', 'guide_id', 'last_updated_at', 'name')).toEqual(['guide_id', 'last_updated_at']);
    expect(key('account_history', 'account_id', 'updated_at', 'last_modified_at')).toBeUndefined();
  });

  it('the history of a pair is keyed by both ids and its version timestamp', () => {
    // proves: stg_jira__issue_field_history -> [issue_id, field_id, updated_at] and
    // stg_pendo__visitor_account_history -> [visitor_id, account_id, visitor_last_updated_at] (their declared keys)
    expect(key('issue_field_history', 'field_id', 'issue_id', 'updated_at', 'field_value')).toEqual(['issue_id', 'field_id', 'updated_at']);
    expect(key('visitor_account_history', 'account_id', 'visitor_id', 'visitor_last_updated_at')).toEqual(['visitor_id', 'account_id', 'visitor_last_updated_at']);
    // one id of the pair alone is no key of its history
    expect(key('page_rule_history', 'page_id', 'page_last_updated_at', 'rule')).toBeUndefined();
  });

  it('an unnested array is keyed by its parent id and its index', () => {
    // proves: stg_quickbooks__bill_line -> [bill_id, index]; the parent is a leading part of the name
    expect(key('bill_line', 'bill_id', 'index', 'amount', 'account_id')).toEqual(['bill_id', 'index']);
    expect(key('order_shipping_tax_line', 'order_shipping_line_id', 'order_id', 'index')).toEqual(['order_id', 'index']);
    expect(key('bill_line', 'bill_id', 'amount')).toBeUndefined();
  });

  it('a bridge table is keyed by the ids of the two entities its name joins', () => {
    // proves: stg_workday__worker_position -> [worker_id, position_id], stg_shopify__collection_product likewise
    expect(key('worker_position', 'worker_id', 'position_id', 'start_date')).toEqual(['worker_id', 'position_id']);
    expect(key('job_family_job_profile', 'job_family_id', 'job_profile_id')).toEqual(['job_family_id', 'job_profile_id']);
    expect(key('collection_products', 'collection_id', 'product_id')).toEqual(['collection_id', 'product_id']);
    expect(key('worker_position', 'worker_id', 'title')).toBeUndefined();
  });

  it('reaches a staging model\'s grain, with the union discriminator, below the single-entity rule', async () => {
    // proves: wired into namingGrain after `<entity>_id`, and perSource adds source_relation
    const g = await grains('workday', {
      'models/stg_workday__worker_position.sql': `select source_relation, worker_id, position_id, position_start_date from {{ ref('stg_workday__worker_position_base') }}`,
      'models/stg_workday__position.sql': `select position_id, worker_id, source_relation from {{ ref('stg_workday__position_base') }}`,
    });
    expect(g['stg_workday__worker_position']?.columns).toEqual(['worker_id', 'position_id', 'source_relation']);
    expect(g['stg_workday__worker_position']?.confidence).toBe(NAMING_CONFIDENCE.composite);
    expect(g['stg_workday__position']?.columns).toEqual(['position_id', 'source_relation']);
  });

  it('a staging model of a history table renames id, yet is keyed by id and version; a stats table is not keyed by its renamed id', async () => {
    // proves (spider2-pkgs google_ads, pendo): the history rule goes ahead of the staging rename, a raw history
    // table's bare id counts as its entity id, and *_stats / *_report tables get no single-id guess
    const g = await grains('google_ads', {
      'models/stg_google_ads__account_history.sql': `select id as account_id, updated_at, currency_code, source_relation from {{ source('ads', 'account_history') }}`,
      'models/stg_google_ads__ad_group_stats.sql': `select id as ad_group_id, date as date_day, device, clicks, source_relation from {{ source('ads', 'ad_group_stats') }}`,
      'models/stg_pendo__guide_history.sql': `select * from {{ source('pendo', 'guide_history') }}`,
      'models/pendo_reader.sql': `select id, last_updated_at, name from {{ source('pendo', 'guide_history') }}`,
    });
    expect(g['stg_google_ads__account_history']?.columns).toEqual(['account_id', 'updated_at', 'source_relation']);
    // not its renamed id alone: the dimensions it lists before its first measure (grain-fallback-measures.ts)
    expect(g['stg_google_ads__ad_group_stats']?.columns).toEqual(['ad_group_id', 'date_day', 'device', 'source_relation']);
    expect(g['stg_pendo__guide_history']?.columns).toEqual(['id', 'last_updated_at']);
  });
});

describe('the union discriminator in a naming guess', () => {
  it('joins the key when the SQL selects it, not when only the YAML documents it', async () => {
    // proves (tuva core__encounter documents _dbt_source_relation, selects encounter_id without it;
    // Fivetran staging selects source_relation): a documented-only column is not in the rows the SQL builds
    const g = await grains('tuva', {
      'models/encounter.sql': `select encounter_id, person_id, data_source from {{ ref('stg_encounter') }}`,
      'models/stg_contact.sql': `select id as contact_id, source_relation, email from {{ source('crm', 'contact') }}`,
      'models/schema.yml': `version: 2\nmodels:\n  - name: encounter\n    columns:\n      - name: encounter_id\n      - name: _dbt_source_relation\n`,
    });
    expect(g['encounter']?.columns).toEqual(['encounter_id']);
    expect(g['stg_contact']?.columns).toEqual(['contact_id', 'source_relation']);
  });

  it('joins the key when only the YAML documents it but an unknown macro left a hole in the SQL', async () => {
    // proves (spider2-pkgs xero staging: `{{ fivetran_utils.source_relation(...) }}` writes source_relation, no package installed)
    const g = await grains('xero', {
      'models/stg_xero__account.sql': `select account_id, name {{ fivetran_utils.source_relation(union_schema_variable='xero_union_schemas') }} from {{ ref('stg_xero__account_tmp') }}`,
      'models/schema.yml': `version: 2\nmodels:\n  - name: stg_xero__account\n    columns:\n      - name: account_id\n      - name: source_relation\n`,
    });
    expect(g['stg_xero__account']?.columns).toEqual(['account_id', 'source_relation']);
  });
});
