import { describe, expect, it } from 'vitest';
import { inferForeignKeys, MAX_INBOUND } from '../../enrichers/catalog/foreign-keys.js';
import { NameResolver } from '../../enrichers/catalog/resolver.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { Source, TableFact } from '../../schemas/facts.js';
import { analyze } from '../realworld/harness.js';

interface Spec {
  /** column -> upstream "table.column" it is computed from */
  columns: Record<string, string[]>;
  grain?: string[];
  grainSource?: Source;
  grainConfidence?: number;
  kind?: string;
  file?: string;
  downstream?: string[];
  /** the tables it reads */
  upstream?: string[];
  /** a declared relationships test: column -> table.column */
  declared?: [string, string, string];
}

/** a linked catalog from table specs, keys inferred: the pass alone, no parser in the way */
function infer(specs: Record<string, Spec>): CatalogEntry[] {
  const resolver = new NameResolver();
  const entries = Object.entries(specs).map(([id, s]): CatalogEntry => {
    const fact: TableFact = {
      name: id,
      defines: true,
      aliases: [],
      upstream: [],
      columns: Object.entries(s.columns).map(([name, lineage]) => ({ name, lineage, source: 'sql' })),
      grain: s.grain ? [{ columns: s.grain, source: s.grainSource ?? 'dbt-yaml', confidence: s.grainConfidence ?? 0.95 }] : [],
      joinKeys: [],
      owners: [],
      descriptions: [],
      consumers: [],
      tags: [],
    };
    resolver.add(id, []);
    return {
      id,
      table: id,
      kind: (s.kind ?? 'dbt model') as CatalogEntry['kind'],
      aliases: [],
      files: [s.file ?? `models/${id}.sql`],
      facts: [fact],
      upstream: s.upstream ?? [],
      downstream: s.downstream ?? [],
      joinKeys: s.declared ? [{ columns: [s.declared[0]], table: s.declared[1], refColumns: [s.declared[2]], source: 'dbt-yaml', confidence: 0.95 }] : [],
      warnings: [],
      similar: [],
      fingerprint: '',
    };
  });
  return inferForeignKeys(entries, resolver);
}

const keysOf = (entries: CatalogEntry[], id: string) =>
  entries.find((e) => e.id === id)!.joinKeys.map((k) => ({ line: `${k.columns.join(',')} -> ${k.table}.${k.refColumns.join(',')}`, source: k.source, confidence: k.confidence }));
const linesOf = (entries: CatalogEntry[], id: string) => keysOf(entries, id).map((k) => k.line).sort();

describe('foreign keys from column lineage', () => {
  it('a column carried from another table\'s key is a foreign key to it, on both records', () => {
    // proves: lineage through a key (names unrelated to the key's name) gives an FK at <= 0.75, mirrored onto the target
    const out = infer({
      stg_accounts: { columns: { acct_no: ['crm.accounts.no'], region: ['crm.accounts.region'] }, grain: ['acct_no'] },
      fct_visits: { columns: { visit_id: ['web.visits.id'], account_key: ['stg_accounts.acct_no'] }, grain: ['visit_id'] },
    });
    expect(keysOf(out, 'fct_visits')).toEqual([{ line: 'account_key -> stg_accounts.acct_no', source: 'sql', confidence: 0.7 }]);
    expect(linesOf(out, 'stg_accounts')).toEqual(['acct_no -> fct_visits.account_key']);
  });

  it('a column sharing its origin with a keyed table named after it points at that table', () => {
    // proves: the shared-origin rule (fact and dimension both read one staging column), below the through-key rule
    const out = infer({
      stg_orders: { columns: { order_id: ['shop.orders.id'], cust: ['shop.orders.cust'] }, grain: ['order_id'] },
      dim_customers: { columns: { customer_id: ['stg_orders.cust'], first_order: ['stg_orders.order_id'] }, grain: ['customer_id'] },
      fct_orders: { columns: { order_id: ['stg_orders.order_id'], customer_id: ['stg_orders.cust'] }, grain: ['order_id'] },
    });
    expect(keysOf(out, 'fct_orders')).toEqual([{ line: 'customer_id -> dim_customers.customer_id', source: 'sql', confidence: 0.6 }]);
  });

  it('a sibling keyed only by the weakest name guess is not a shared-origin target', () => {
    // proves: one wrong <entity>_id guess (a claim-line table "keyed" by claim_id) does not fan out into FKs from every table
    const out = infer({
      stg_lines: { columns: { line_id: ['src.lines.id'], claim_id: ['src.lines.claim'] }, grain: ['line_id'] },
      fct_claims: { columns: { claim_id: ['stg_lines.claim_id'], line_id: ['stg_lines.line_id'] }, grain: ['claim_id'], grainSource: 'heuristic', grainConfidence: 0.45 },
      claim_flags: { columns: { flag_id: [], claim_id: ['stg_lines.claim_id'] }, grain: ['flag_id'] },
    });
    expect(keysOf(out, 'claim_flags').every((k) => k.source === 'heuristic')).toBe(true);
  });

  it('a key hashed from several columns shares no origin with any one of them', () => {
    // proves: a surrogate key (md5 of id and sku) is not the id: no FK from the id column to it
    const out = infer({
      stg_supplies: { columns: { supply_uuid: ['raw.supplies.id', 'raw.supplies.sku'], supply_id: ['raw.supplies.id'] }, grain: ['supply_uuid'] },
      supplies: { columns: { supply_uuid: ['stg_supplies.supply_uuid'], supply_id: ['stg_supplies.supply_id'] }, grain: ['supply_uuid'] },
    });
    expect(linesOf(out, 'supplies')).toEqual([]);
    expect(linesOf(out, 'stg_supplies')).toEqual([]);
  });

  it('a surrogate key computed from a natural key is another key system, not a foreign key to it', () => {
    // proves: `md5(customer_id) as customer_sk` has one parent, yet _sk and _id values never match
    const out = infer({
      stg_customers: { columns: { customer_id: ['crm.customers.id'] }, grain: ['customer_id'] },
      dim_customers: { columns: { customer_sk: ['stg_customers.customer_id'], segment: [] }, grain: ['segment', 'customer_sk'] },
    });
    expect(linesOf(out, 'dim_customers')).toEqual([]);
  });

  it('an aggregate of a key column is not a foreign key', () => {
    // proves: `count(customer_id) as n_buyers` and `period_id` have one parent, but their names do not fit the key
    const out = infer({
      customers: { columns: { customer_id: ['app.users.id'] }, grain: ['customer_id'] },
      daily_stats: { columns: { day: ['app.events.ts'], n_buyers: ['customers.customer_id'], period_id: ['customers.customer_id'] }, grain: ['day'] },
    });
    // an unrelated *_id computed from the key is no reference either
    expect(linesOf(out, 'daily_stats')).toEqual([]);
  });
});

describe('foreign keys from names', () => {
  it('<x>_id, <role>_<x>_key and <x>_sk name the table keyed by that key, at <= 0.5', () => {
    // proves: the three naming forms, a role word stripped, the target's key used as refColumn
    const out = infer({
      dim_products: { columns: { product_sk: [], title: [] }, grain: ['product_sk'] },
      accounts: { columns: { account_key: [], name: [] }, grain: ['account_key'] },
      stores: { columns: { store_id: [] }, grain: ['store_id'] },
      fct_sales: { columns: { sale_id: [], product_sk: [], billing_account_key: [], store_id: [] }, grain: ['sale_id'] },
    });
    const keys = keysOf(out, 'fct_sales');
    expect(keys.map((k) => k.line).sort()).toEqual([
      'billing_account_key -> accounts.account_key',
      'product_sk -> dim_products.product_sk',
      'store_id -> stores.store_id',
    ]);
    expect(keys.every((k) => k.source === 'heuristic' && k.confidence <= 0.5)).toBe(true);
    expect(keys.find((k) => k.line.startsWith('billing'))!.confidence).toBeLessThan(keys.find((k) => k.line.startsWith('store'))!.confidence);
  });

  it('a table named after the entity with a generic id key, or a keyless lookup with the same column', () => {
    // proves: `customer_id -> customers.id`, and `payer_code -> payer (seed).payer_code` when the seed has no known key
    const out = infer({
      customers: { columns: { id: [], email: [] }, grain: ['id'] },
      payer: { columns: { payer_code: [], label: [] }, kind: 'dbt seed', file: 'seeds/payer.csv' },
      claims: { columns: { claim_id: [], customer_id: [], payer_code: [] }, grain: ['claim_id'] },
    });
    expect(keysOf(out, 'claims').map((k) => k.line).sort()).toEqual(['customer_id -> customers.id', 'payer_code -> payer.payer_code']);
    expect(keysOf(out, 'claims').every((k) => k.confidence <= 0.5)).toBe(true);
  });

  it('a keyless model named after the entity is not a target, a keyless seed is', () => {
    // proves: `procedure_code` in a keyless `procedures` model is an attribute, not its key; a lookup seed's column is its code
    const out = infer({
      stg_procedures: { columns: { procedure_code: [], patient_id: [] } },
      stg_claim_lines: { columns: { line_id: [], procedure_code: [] }, grain: ['line_id'] },
      encounter_type: { columns: { encounter_type: [], label: [] }, kind: 'dbt seed' },
      visits: { columns: { visit_id: [], encounter_type: [] }, grain: ['visit_id'] },
    });
    expect(linesOf(out, 'stg_claim_lines')).toEqual([]);
    expect(linesOf(out, 'visits')).toEqual(['encounter_type -> encounter_type.encounter_type']);
  });

  it('picks the canonical target: a mart dimension for a mart, staging for staging', () => {
    // proves: when several tables hold the key, the referring table's layer decides, then marts over staging
    const out = infer({
      stg_customers: { columns: { customer_id: [] }, grain: ['customer_id'], file: 'models/staging/stg_customers.sql' },
      dim_customers: { columns: { customer_id: [] }, grain: ['customer_id'], file: 'models/marts/dim_customers.sql' },
      stg_payments: { columns: { payment_id: [], customer_id: [] }, grain: ['payment_id'], file: 'models/staging/stg_payments.sql' },
      fct_payments: { columns: { payment_id: [], customer_id: [] }, grain: ['payment_id'], file: 'models/marts/fct_payments.sql' },
      int_payments: { columns: { payment_id: [], customer_id: [] }, grain: ['payment_id'], file: 'models/intermediate/int_payments.sql' },
    });
    expect(linesOf(out, 'fct_payments')).toEqual(['customer_id -> dim_customers.customer_id']);
    expect(linesOf(out, 'stg_payments')).toEqual(['customer_id -> stg_customers.customer_id']);
    expect(linesOf(out, 'int_payments')).toEqual(['customer_id -> dim_customers.customer_id']);
  });

  it('nothing from a name alone when two equally canonical tables hold the key', () => {
    // proves: a tie between two staging tables named after the entity gives no FK rather than a coin flip
    const out = infer({
      stg_customers: { columns: { customer_id: [] }, grain: ['customer_id'], file: 'models/staging/stg_customers.sql' },
      base_customers: { columns: { customer_id: [] }, grain: ['customer_id'], file: 'models/staging/base_customers.sql' },
      fct_orders: { columns: { order_id: [], customer_id: [] }, grain: ['order_id'], file: 'models/marts/fct_orders.sql' },
    });
    expect(linesOf(out, 'fct_orders')).toEqual([]);
  });

  it('no FK from a table\'s own key, a role-named one to itself, none from a name that names no table', () => {
    // proves: own key skipped (dim_customers.customer_id), a role-named key of the table's own entity is a
    // self-reference (gitlab-dbt-analytics tests netsuite_accounts.parent_account_id against account_id),
    // unmatched names and attribute names (a description matching a seed) ignored
    const out = infer({
      stg_customers: { columns: { customer_id: [] }, grain: ['customer_id'] },
      dim_customers: { columns: { customer_id: ['stg_customers.customer_id'], referrer_customer_id: [] }, grain: ['customer_id'] },
      events: { columns: { event_id: [], session_id: [], _loader_id: [], status_description: [] }, grain: ['event_id'] },
      status_descriptions: { columns: { status_description: [] }, kind: 'dbt seed' },
    });
    expect(linesOf(out, 'dim_customers')).toEqual(['referrer_customer_id -> dim_customers.customer_id']);
    expect(linesOf(out, 'events')).toEqual([]);
  });

  it('a table keyed by another entity\'s id still references that entity, by its whole name only', () => {
    // proves (spider2-dbt airbnb: fct_reviews, keyed by listing_id, is tested against dim_listings): an own key
    // naming another entity is a reference; one carried from an upstream key is not (it extends those rows),
    // and a pair key `listing_host_id` is no host_id
    const out = infer({
      dim_listings: { columns: { listing_id: [] }, grain: ['listing_id'] },
      dim_hosts: { columns: { host_id: [] }, grain: ['host_id'] },
      src_reviews: { columns: { listing_id: [] }, grain: ['listing_id'] },
      fct_reviews: { columns: { listing_id: ['src_reviews.listing_id'] }, grain: ['listing_id'] },
      dim_listings_hosts: { columns: { listing_host_id: [] }, grain: ['listing_host_id'] },
    });
    expect(linesOf(out, 'fct_reviews')).toEqual(['listing_id -> dim_listings.listing_id']);
    expect(linesOf(out, 'dim_listings_hosts')).toEqual([]);
  });

  it('dimensional models: `<x>_fk` references `dim_<x>.<x>_pk`, through lineage or by name, and a `_pk` column is a key by its name', () => {
    // proves (mitodl ol-data-platform's dimensional layer): fk/pk suffixes pair up; `courserun_fk` names
    // `dim_course_run`; `tfact_` is a fact prefix; a table with no known grain but one `<x>_pk` column is keyed by it
    const out = infer({
      dim_platform: { columns: { platform_pk: [] }, grain: ['platform_pk'], file: 'models/dimensional/dim_platform.sql' },
      dim_user: { columns: { user_pk: [], email: [] }, file: 'models/dimensional/dim_user.sql' },
      dim_course_run: { columns: { courserun_pk: [] }, grain: ['courserun_pk'], file: 'models/dimensional/dim_course_run.sql' },
      tfact_order: { columns: { order_key: [], platform_fk: ['dim_platform.platform_pk'], user_fk: ['dim_user.user_pk'] }, grain: ['order_key'], file: 'models/dimensional/tfact_order.sql' },
      tfact_grade: { columns: { grade_key: [], courserun_fk: [], order_fk: ['tfact_order.order_key'] }, grain: ['grade_key'], file: 'models/dimensional/tfact_grade.sql' },
    });
    expect(linesOf(out, 'tfact_order')).toEqual(expect.arrayContaining(['platform_fk -> dim_platform.platform_pk', 'user_fk -> dim_user.user_pk']));
    expect(linesOf(out, 'tfact_grade')).toEqual(['courserun_fk -> dim_course_run.courserun_pk', 'order_fk -> tfact_order.order_key']);
  });

  it('a reference stays within its source system: `<layer>__<source>__<entity>` names and `<app>_<model>` tables', () => {
    // proves (ol-data-platform staging of several Django apps): `user_id` in one app's table is that app's
    // `auth_user`, not another system's `stg__zendesk__user`; `micromasters_program_id` is micromasters' program;
    // an `<app>_<model>` name counts only within the same system (a `status_code` is no `immunization_status`)
    const out = infer({
      stg__shop__app__auth_user: { columns: { user_id: [] }, grain: ['user_id'], file: 'models/staging/shop/stg__shop__app__auth_user.sql' },
      stg__shop__app__grades_grade: { columns: { grade_id: [], user_id: [] }, grain: ['grade_id'], file: 'models/staging/shop/stg__shop__app__grades_grade.sql' },
      stg__zendesk__user: { columns: { user_id: [] }, grain: ['user_id'], file: 'models/staging/zendesk/stg__zendesk__user.sql' },
      int__shop__programs: { columns: { program_id: [] }, grain: ['program_id'], file: 'models/intermediate/int__shop__programs.sql' },
      int__school__programs: { columns: { program_id: [] }, grain: ['program_id'], file: 'models/intermediate/int__school__programs.sql' },
      int__school__runs: { columns: { run_id: [], shop_program_id: [] }, grain: ['run_id'], file: 'models/intermediate/int__school__runs.sql' },
      immunization_status: { columns: { status_code: [] }, kind: 'dbt seed', file: 'seeds/immunization_status.csv' },
      appointments: { columns: { appointment_id: [], status_code: [] }, grain: ['appointment_id'], file: 'models/appointments.sql' },
    });
    expect(linesOf(out, 'stg__shop__app__grades_grade')).toEqual(['user_id -> stg__shop__app__auth_user.user_id']);
    expect(linesOf(out, 'int__school__runs')).toEqual(['shop_program_id -> int__shop__programs.program_id']);
    expect(linesOf(out, 'appointments')).toEqual([]);
  });

  it('a name never reaches another source system; a table of its own system keyed by the column\'s name is what it holds', () => {
    // proves (ol-data-platform: micromasters' profiles_education.user_profile_id, tested against micromasters'
    // profiles_profile, was read as edxorg's user_profile): ids are local to the system that issues them
    const stg = (name: string) => `models/staging/${name}.sql`;
    const out = infer({
      stg__mm__app__profiles_profile: { columns: { user_profile_id: [], user_id: [] }, grain: ['user_profile_id'], file: stg('stg__mm__app__profiles_profile') },
      stg__mm__app__profiles_education: { columns: { education_id: [], user_profile_id: [] }, grain: ['education_id'], file: stg('stg__mm__app__profiles_education') },
      stg__edx__s3__user_profile: { columns: { user_profile_id: [] }, grain: ['user_profile_id'], file: stg('stg__edx__s3__user_profile') },
      stg__edx__s3__enrollment: { columns: { enrollment_id: [], user_profile_id: [] }, grain: ['enrollment_id'], file: stg('stg__edx__s3__enrollment') },
      // two tables of one system keyed by a name: no way to tell which
      stg__pay__app__ledger_a: { columns: { ledger_entry_id: [] }, grain: ['ledger_entry_id'], file: stg('stg__pay__app__ledger_a') },
      stg__pay__app__ledger_b: { columns: { ledger_entry_id: [] }, grain: ['ledger_entry_id'], file: stg('stg__pay__app__ledger_b') },
      stg__pay__app__refunds: { columns: { refund_id: [], ledger_entry_id: [] }, grain: ['refund_id'], file: stg('stg__pay__app__refunds') },
    });
    expect(linesOf(out, 'stg__mm__app__profiles_education')).toEqual(['user_profile_id -> stg__mm__app__profiles_profile.user_profile_id']);
    expect(linesOf(out, 'stg__edx__s3__enrollment')).toEqual(['user_profile_id -> stg__edx__s3__user_profile.user_profile_id']);
    expect(linesOf(out, 'stg__pay__app__refunds')).toEqual([]);
  });

  it('GitLab-style names: `<app>_<model>` tables of one app, keyless dimensions keyed by `<their name>_id`, a raw table\'s bare id kept to its readers', () => {
    // proves (ktopcuoglu/gitlab-dbt-analytics): netsuite_accounts.currency_id -> netsuite_currencies.currency_id and
    // fct_mrr.dim_crm_account_id -> dim_crm_account.dim_crm_account_id (both targets keyless in the blind copy),
    // and no `account_id` of Salesforce's read as the Zuora source's `account.id`
    const out = infer({
      netsuite_currencies: { columns: { currency_id: [], currency_name: [] }, file: 'models/legacy/netsuite/netsuite_currencies.sql' },
      netsuite_accounts: { columns: { account_id: [], currency_id: [] }, grain: ['account_id'], file: 'models/legacy/netsuite/netsuite_accounts.sql' },
      dim_crm_account: { columns: { dim_crm_account_id: [], crm_account_name: [] }, file: 'models/common/dim_crm_account.sql' },
      fct_mrr: { columns: { mrr_id: [], dim_crm_account_id: [] }, grain: ['mrr_id'], file: 'models/common/fct_mrr.sql' },
      'zuora_stitch.account': { columns: { id: [] }, grain: ['id'], grainSource: 'heuristic', grainConfidence: 0.4, kind: 'dbt source', file: 'models/sources/zuora/sources.yml' },
      sfdc_opportunity: { columns: { opportunity_id: [], account_id: [] }, grain: ['opportunity_id'], file: 'models/legacy/sfdc/sfdc_opportunity.sql' },
    });
    expect(linesOf(out, 'netsuite_accounts')).toEqual(['currency_id -> netsuite_currencies.currency_id']);
    expect(linesOf(out, 'fct_mrr')).toEqual(['dim_crm_account_id -> dim_crm_account.dim_crm_account_id']);
    expect(linesOf(out, 'sfdc_opportunity')).toEqual([]);
  });

  it('a table whose grain is several columns is still referenced by its one-column surrogate or unique key', () => {
    // proves (ol-data-platform's slowly changing dim_course: grain platform + readable id, course_pk unique): the
    // single-column key is what `course_fk` references; a key guessed from names alone is no such key
    const resolver = new NameResolver();
    const fact = (name: string, columns: Record<string, string[]>, grain: TableFact['grain']): TableFact => ({
      name, defines: true, aliases: [], upstream: [], columns: Object.entries(columns).map(([n, lineage]) => ({ name: n, lineage, source: 'sql' })),
      grain, joinKeys: [], owners: [], descriptions: [], consumers: [], tags: [],
    });
    const entry = (id: string, f: TableFact): CatalogEntry => {
      resolver.add(id, []);
      return { id, table: id, kind: 'dbt model', aliases: [], files: [`models/dimensional/${id}.sql`], facts: [f], upstream: [], downstream: [], joinKeys: [], warnings: [], similar: [], fingerprint: '' };
    };
    const out = inferForeignKeys([
      entry('dim_course', fact('dim_course', { course_pk: [], platform: [], readable_id: [] }, [
        { columns: ['platform', 'readable_id'], source: 'dbt-yaml', confidence: 0.97 },
        { columns: ['course_pk'], source: 'sql', confidence: 0.7 },
      ])),
      entry('dim_topic', fact('dim_topic', { topic_pk: [], topic_id: [], name: [] }, [
        { columns: ['topic_id', 'name'], source: 'sql', confidence: 0.8 },
        { columns: ['topic_id'], source: 'heuristic', confidence: 0.45 },
      ])),
      entry('bridge_course_topic', fact('bridge_course_topic', { course_fk: ['dim_course.course_pk'], topic_id: [] }, [])),
    ], resolver);
    expect(linesOf(out, 'bridge_course_topic')).toEqual(['course_fk -> dim_course.course_pk']);
  });

  it('a table named for the same source system is near across the layer schemas of one project', () => {
    // proves (spider2-dbt asana: `int_asana__task_comments.task_id` -> `asana__task`, in another folder and schema);
    // another system's table in another schema stays out of reach
    const out = infer({
      'marts.asana__task': { columns: { task_id: [] }, grain: ['task_id'], file: 'models/marts/asana__task.sql' },
      'work.int_asana__task_comments': { columns: { comment_id: [], task_id: [] }, grain: ['comment_id'], file: 'models/intermediate/int_asana__task_comments.sql' },
      'work.int_jira__issue_tasks': { columns: { issue_id: [], task_id: [] }, grain: ['issue_id'], file: 'models/intermediate/int_jira__issue_tasks.sql' },
    });
    expect(linesOf(out, 'work.int_asana__task_comments')).toEqual(['task_id -> marts.asana__task.task_id']);
    expect(linesOf(out, 'work.int_jira__issue_tasks')).toEqual([]);
  });

  it('a column name the repo\'s SQL joins to one lookup column elsewhere references it in every table', () => {
    // proves (tuva: `race` is joined to terminology.race.description in one model, and tested so on the input
    // tables): a join read from code teaches its column name; a generic name taught by one join to a table not
    // named after it (`code` -> a crosswalk) teaches nothing, nor does a name joined to two different columns
    const joined = (col: string, table: string, ref: string) => ({ columns: [col], table, refColumns: [ref], source: 'sql' as const, confidence: 0.9, relation: 'joined' as const });
    const resolver = new NameResolver();
    const entry = (id: string, columns: string[], kind = 'dbt model', joinKeys: CatalogEntry['joinKeys'] = []): CatalogEntry => {
      resolver.add(id, []);
      const fact: TableFact = { name: id, defines: true, aliases: [], upstream: [], columns: columns.map((name) => ({ name, source: 'sql' })), grain: [], joinKeys: [], owners: [], descriptions: [], consumers: [], tags: [] };
      return { id, table: id, kind: kind as CatalogEntry['kind'], aliases: [], files: [`models/${id}.sql`], facts: [fact], upstream: [], downstream: [], joinKeys, warnings: [], similar: [], fingerprint: '' };
    };
    const out = inferForeignKeys([
      entry('race', ['code', 'description'], 'dbt seed'),
      entry('icd_map', ['code', 'target'], 'dbt seed'),
      entry('states', ['abbreviation', 'name'], 'dbt seed'),
      entry('core_patient', ['patient_id', 'race', 'code', 'state'], 'dbt model', [joined('race', 'race', 'description'), joined('code', 'icd_map', 'code'), joined('state', 'states', 'abbreviation')]),
      entry('core_member', ['member_id', 'state'], 'dbt model', [joined('state', 'states', 'name')]),
      entry('input_patient', ['patient_id', 'race', 'code', 'state']),
    ], resolver);
    expect(linesOf(out, 'input_patient')).toEqual(['race -> race.description']);
  });

  it('a name alone does not reach into another schema and folder, except to shared reference data', () => {
    // proves: `campaign_id` in one tenant's dataset is not tied to another tenant's campaigns; a seed or dim_ table is shared
    const out = infer({
      'ads_uk.stg_campaigns': { columns: { campaign_id: [] }, grain: ['campaign_id'], file: 'ads_uk/stg_campaigns/query.sql' },
      'shop_de.stg_impressions': { columns: { impression_id: [], campaign_id: [], country_code: [], channel_id: [] }, grain: ['impression_id'], file: 'shop_de/stg_impressions/query.sql' },
      'ref.country': { columns: { country_code: [], name: [] }, kind: 'dbt seed', file: 'seeds/country.csv' },
      'core.dim_channels': { columns: { channel_id: [] }, grain: ['channel_id'], file: 'core/dim_channels/query.sql' },
    });
    expect(linesOf(out, 'shop_de.stg_impressions')).toEqual(['channel_id -> core.dim_channels.channel_id', 'country_code -> ref.country.country_code']);
    // two dbt projects in one repo both have models/staging: not the same folder
    const projects = infer({
      stg_orgs: { columns: { org_id: [] }, grain: ['org_id'], file: 'health/models/staging/stg_orgs.sql' },
      stg_workers: { columns: { worker_id: [], org_id: [] }, grain: ['worker_id'], file: 'hr/models/staging/stg_workers.sql' },
      stg_visits: { columns: { visit_id: [], org_id: [] }, grain: ['visit_id'], file: 'health/models/staging/stg_visits.sql' },
    });
    expect(linesOf(projects, 'stg_workers')).toEqual([]);
    // nor is another project's dimension shared reference data
    const dims = infer({
      dim_customer: { columns: { customer_id: [] }, grain: ['customer_id'], file: 'retail/models/marts/dim_customer.sql' },
      ledger_lines: { columns: { line_id: [], customer_id: [] }, grain: ['line_id'], file: 'books/models/marts/ledger_lines.sql' },
    });
    expect(linesOf(dims, 'ledger_lines')).toEqual([]);
    expect(linesOf(projects, 'stg_visits')).toEqual(['org_id -> stg_orgs.org_id']);
  });

  it('a dimension copied into every tenant dataset is each dataset\'s own, not shared reference data', () => {
    // proves: outside a dbt project, `dim_customers` in tenant_a and in tenant_b are two tenants' copies, so each
    // fact's customer_id names its own dataset's copy (shared, the two copies tied and neither was named)
    const out = infer({
      'tenant_a.dim_customers': { columns: { customer_id: [] }, grain: ['customer_id'], file: 'sql/tenant_a/dim_customers/query.sql' },
      'tenant_b.dim_customers': { columns: { customer_id: [] }, grain: ['customer_id'], file: 'sql/tenant_b/dim_customers/query.sql' },
      'tenant_a.fct_orders': { columns: { order_id: [], customer_id: [] }, grain: ['order_id'], file: 'sql/tenant_a/fct_orders/query.sql' },
      'tenant_b.fct_orders': { columns: { order_id: [], customer_id: [] }, grain: ['order_id'], file: 'sql/tenant_b/fct_orders/query.sql' },
    });
    expect(linesOf(out, 'tenant_a.fct_orders')).toEqual(['customer_id -> tenant_a.dim_customers.customer_id']);
    expect(linesOf(out, 'tenant_b.fct_orders')).toEqual(['customer_id -> tenant_b.dim_customers.customer_id']);
  });

  it('a job outside any dbt project names only the sources it reads', () => {
    // proves: a dbt source is one raw table among the copies a repo declares (one per tenant or region);
    // a job that reads none of raw_eu's tables has no claim on raw_eu.customers
    const specs = (upstream: string[]): Record<string, Spec> => ({
      'raw_eu.customers': { columns: { customer_id: [] }, grain: ['customer_id'], kind: 'dbt source', file: 'dbt/models/sources.yml' },
      'jobs_out.orders_export': { columns: { order_id: [], customer_id: [] }, upstream, grain: ['order_id'], kind: 'sql job', file: 'jobs/orders_export.sql' },
    });
    expect(linesOf(infer(specs(['ops.orders'])), 'jobs_out.orders_export')).toEqual([]);
    const reading = infer(specs(['raw_eu.orders']));
    expect(linesOf(reading, 'jobs_out.orders_export')).toEqual(['customer_id -> raw_eu.customers.customer_id']);
  });

  it('a lookup referenced by many tables keeps only the most certain mirrored keys; each referrer keeps its own', () => {
    // proves: the mirrored side is capped (a code table read by every model would list them all), outbound keys are not
    const specs: Record<string, Spec> = { dim_regions: { columns: { region_id: [] }, grain: ['region_id'] } };
    for (let i = 0; i < MAX_INBOUND + 5; i++) specs[`fct_t${i}`] = { columns: { [`t${i}_id`]: [], region_id: [] }, grain: [`t${i}_id`] };
    specs['fct_carried'] = { columns: { c_id: [], region_id: ['dim_regions.region_id'] }, grain: ['c_id'] };
    const out = infer(specs);
    expect(keysOf(out, 'dim_regions')).toHaveLength(MAX_INBOUND);
    expect(linesOf(out, 'dim_regions')).toContain('region_id -> fct_carried.region_id');
    for (let i = 0; i < MAX_INBOUND + 5; i++) expect(linesOf(out, `fct_t${i}`)).toEqual(['region_id -> dim_regions.region_id']);
  });

  it('no FK to or from an ephemeral model', () => {
    // proves: an ephemeral model is not queryable, so it is never a join target nor given keys
    const out = infer({
      int_customers: { columns: { customer_id: [] }, grain: ['customer_id'], kind: 'dbt ephemeral model' },
      orders: { columns: { order_id: [], customer_id: ['int_customers.customer_id'] }, grain: ['order_id'] },
      eph_orders: { columns: { order_id: [], customer_id: [] }, kind: 'dbt ephemeral model' },
      customers: { columns: { customer_id: [] }, grain: ['customer_id'] },
    });
    expect(linesOf(out, 'orders')).toEqual(['customer_id -> customers.customer_id']);
    expect(linesOf(out, 'eph_orders')).toEqual([]);
    expect(linesOf(out, 'int_customers')).toEqual([]);
  });

  it('a guessed key makes a weaker FK than a declared one, and a declared FK on the column stops inference', () => {
    // proves: confidence follows the target key's source; declarations are never second-guessed
    const guessed = infer({
      stores: { columns: { store_id: [] }, grain: ['store_id'], grainSource: 'heuristic', grainConfidence: 0.45 },
      sales: { columns: { sale_id: [], store_id: [] }, grain: ['sale_id'] },
    });
    expect(keysOf(guessed, 'sales')[0].confidence).toBeLessThan(0.5);
    const declared = infer({
      stores: { columns: { store_id: [] }, grain: ['store_id'] },
      store_history: { columns: { store_id: [], valid_from: [] }, grain: ['store_id', 'valid_from'] },
      sales: { columns: { sale_id: [], store_id: [] }, grain: ['sale_id'], declared: ['store_id', 'store_history', 'store_id'] },
    });
    expect(linesOf(declared, 'sales')).toEqual(['store_id -> store_history.store_id']);
  });
});

describe('foreign keys through the real analyzers', () => {
  it('a dbt fact joined to nothing gets its dimension, and the dimension gets the fact', async () => {
    // proves: end to end (render, parse, grain, link): FK with no JOIN anywhere, recorded on both tables
    const { tables } = await analyze({
      'dbt_project.yml': 'name: shop\nmodel-paths: ["models"]\n',
      'models/staging/stg_shops.sql': `select id as shop_id, shop_name from {{ source('erp', 'shops') }}`,
      'models/staging/stg_sales.sql': `select id as sale_id, shop_ref as shop_id, amount from {{ source('erp', 'sales') }}`,
      'models/marts/dim_shops.sql': `select shop_id, shop_name from {{ ref('stg_shops') }}`,
      'models/marts/fct_sales.sql': `select sale_id, shop_id, amount from {{ ref('stg_sales') }}`,
      'models/marts/schema.yml': 'version: 2\nmodels:\n  - name: dim_shops\n    columns:\n      - name: shop_id\n        tests: [unique, not_null]\n',
    });
    expect(tables['fct_sales'].joins).toContain('shop_id -> dim_shops.shop_id');
    expect(tables['dim_shops'].joins).toContain('shop_id -> fct_sales.shop_id');
    expect(tables['stg_sales'].joins).toContain('shop_id -> stg_shops.shop_id');
  });
});

describe('foreign keys on repos named other ways (seventh round)', () => {
  it('a `<x>_guid` names the guid column of the dimension named after x, keyed by a surrogate', () => {
    // proves: madhurladdha/wbx_dbt's `item_guid -> dim_wbx_item.item_guid`, where dim_wbx_item is keyed by
    // `surrogate_key(['ITEM_GUID','BUSINESS_UNIT_ADDRESS_GUID']) as unique_key` and named `<layer>_<app>_<entity>`
    const out = infer({
      dim_wbx_item: { columns: { unique_key: ['int_d_wbx_item.item_guid', 'int_d_wbx_item.plant'], item_guid: ['int_d_wbx_item.item_guid'], description: [] }, grain: ['unique_key'], file: 'models/phi/dim/dim_wbx_item.sql' },
      fct_wbx_fin_prc_po: { columns: { unique_key: [], item_guid: ['int_f_wbx_fin_prc_po.item_guid'], amount: [] }, grain: ['unique_key'], file: 'models/phi/fct/fct_wbx_fin_prc_po.sql' },
    });
    expect(linesOf(out, 'fct_wbx_fin_prc_po')).toContain('item_guid -> dim_wbx_item.item_guid');
  });

  it('a guid is not the id of the same entity: another key system', () => {
    // proves: the guid suffix only fits a guid key; `item_guid` never points at a table keyed by item_id
    const out = infer({
      dim_item: { columns: { item_id: [], name: [] }, grain: ['item_id'] },
      fct_po: { columns: { po_id: [], item_guid: [] }, grain: ['po_id'] },
    });
    expect(linesOf(out, 'fct_po')).toEqual([]);
  });

  it('`d_` and `f_` prefixes are a dimension and a fact: f_sales.store_id names d_store, not the raw source', () => {
    // proves: trinityBI-HQ/dbt_ammodepot's `f_sales.STORE_ID -> d_store.STORE_ID`; the source both read from ranks below the mart
    const out = infer({
      'magento.store': { columns: { store_id: [] }, grain: ['store_id'], kind: 'dbt source', file: 'models/sources.yml' },
      'gold.d_store': { columns: { store_id: ['magento.store.store_id'], name: [] }, grain: ['store_id'], file: 'models/gold/d_store.sql' },
      'gold.f_sales': { columns: { sale_id: [], store_id: ['magento.store.store_id'] }, grain: ['sale_id'], file: 'models/gold/f_sales.sql' },
    });
    expect(linesOf(out, 'gold.f_sales')).toEqual(['store_id -> gold.d_store.store_id']);
  });

  it('an intermediate model references the staging model it is built beside, not the mart built after it', () => {
    // proves: BenjaminRains/dbt_dental_clinic's `int_adjustments.patient_id -> stg_opendental__patient`: the staging schema
    // the model reads is near it, and its inputs' layer outranks a later mart (`dim_patient`) holding the same key
    const out = infer({
      'staging.stg_opendental__adjustment': { columns: { adjustment_id: [], patient_id: [] }, grain: ['adjustment_id'], file: 'models/staging/opendental/stg_opendental__adjustment.sql' },
      'staging.stg_opendental__patient': { columns: { patient_id: [], guarantor_id: [] }, grain: ['patient_id'], file: 'models/staging/opendental/stg_opendental__patient.sql' },
      'int.int_adjustments': {
        columns: { adjustment_id: ['staging.stg_opendental__adjustment.adjustment_id'], patient_id: ['staging.stg_opendental__adjustment.patient_id'] },
        grain: ['adjustment_id'], upstream: ['staging.stg_opendental__adjustment'], file: 'models/intermediate/int_adjustments.sql',
      },
      'marts.dim_patient': { columns: { patient_id: ['staging.stg_opendental__patient.patient_id'] }, grain: ['patient_id'], file: 'models/marts/dim_patient.sql' },
    });
    expect(linesOf(out, 'int.int_adjustments')).toContain('patient_id -> staging.stg_opendental__patient.patient_id');
    expect(linesOf(out, 'int.int_adjustments')).not.toContain('patient_id -> marts.dim_patient.patient_id');
  });

  it('a table of the same layer in a schema the model reads is no nearer than its own schema\'s', () => {
    // proves: tuva's `connector_core.appointment.location_id` keeps `connector_core.location`, not the input layer's
    // `input_layer__location` it is built from (same layer, more readers): only earlier layers come near by being read
    const out = infer({
      'connector_input_layer.input_layer__location': { columns: { location_id: [], name: [] }, grain: ['location_id'], file: 'models/input_layer/input_layer__location.sql', downstream: ['a', 'b', 'c'] },
      'connector_core.location': { columns: { location_id: ['connector_input_layer.input_layer__location.location_id'] }, grain: ['location_id'], file: 'models/core/location.sql' },
      'connector_core.appointment': {
        columns: { appointment_id: [], location_id: [] }, grain: ['appointment_id'],
        upstream: ['connector_input_layer.input_layer__location'], file: 'models/core/appointment.sql',
      },
    });
    expect(linesOf(out, 'connector_core.appointment')).toEqual(['location_id -> connector_core.location.location_id']);
  });

  it('a staging model keeps to its own system\'s table keyed by the column, over a mart dimension named after it', () => {
    // proves: dental's `stg_opendental__insplan.fee_schedule_id -> stg_opendental__feesched.fee_schedule_id`, where
    // the name alone reads `marts.dim_fee_schedule`, built after the staging model
    const out = infer({
      'staging.stg_opendental__feesched': { columns: { fee_schedule_id: [], description: [] }, grain: ['fee_schedule_id'], file: 'models/staging/opendental/stg_opendental__feesched.sql' },
      'staging.stg_opendental__insplan': { columns: { insurance_plan_id: [], fee_schedule_id: [] }, grain: ['insurance_plan_id'], file: 'models/staging/opendental/stg_opendental__insplan.sql' },
      'marts.dim_fee_schedule': { columns: { fee_schedule_id: ['staging.stg_opendental__feesched.fee_schedule_id'] }, grain: ['fee_schedule_id'], file: 'models/marts/dim_fee_schedule.sql' },
    });
    expect(linesOf(out, 'staging.stg_opendental__insplan')).toEqual(['fee_schedule_id -> staging.stg_opendental__feesched.fee_schedule_id']);
  });
});
