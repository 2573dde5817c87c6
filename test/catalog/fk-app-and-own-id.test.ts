import { describe, expect, it } from 'vitest';
import { inferForeignKeys } from '../../enrichers/catalog/foreign-keys.js';
import { tableEntities } from '../../enrichers/catalog/fk-entities.js';
import { NameResolver } from '../../enrichers/catalog/resolver.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { TableFact } from '../../schemas/facts.js';

interface Spec {
  columns: string[];
  grain?: string[];
  /** the grain's confidence (dbt-yaml); below 0.9 reads as inferred */
  confidence?: number;
  /** a grain guessed from names only (a fallback), not read from SQL */
  guessed?: boolean;
  /** column -> upstream "table.column" */
  lineage?: Record<string, string[]>;
  file: string;
}

/** a linked catalog from table specs (id = schema.name), keys inferred by the pass alone */
function infer(specs: Record<string, Spec>): CatalogEntry[] {
  const resolver = new NameResolver();
  const entries = Object.entries(specs).map(([id, s]): CatalogEntry => {
    const fact: TableFact = {
      name: id, defines: true, aliases: [], upstream: [],
      columns: s.columns.map((name) => ({ name, lineage: s.lineage?.[name] ?? [], source: 'sql' })),
      grain: s.grain ? [{ columns: s.grain, source: s.guessed ? 'heuristic' : s.confidence ? 'sql' : 'dbt-yaml', confidence: s.confidence ?? 0.95 }] : [],
      joinKeys: [], owners: [], descriptions: [], consumers: [], tags: [],
    };
    resolver.add(id, []);
    return {
      id, table: id, kind: 'dbt model', aliases: [], files: [s.file], facts: [fact], upstream: [], downstream: [],
      joinKeys: [], warnings: [], similar: [], fingerprint: '',
    };
  });
  return inferForeignKeys(entries, resolver);
}

const linesOf = (entries: CatalogEntry[], id: string) =>
  entries.find((e) => e.id === id)!.joinKeys.filter((k) => k.relation === 'references').map((k) => `${k.columns[0]} -> ${k.table}.${k.refColumns[0]}`).sort();

describe('foreign keys by name across the schemas of one app', () => {
  // gitlab-dbt-analytics builds one app's models into several schemas by sensitivity:
  // legacy.sfdc_proof_of_value (select * from sfdc_proof_of_concept_source) and
  // restricted_safe_legacy.sfdc_account, both under models/legacy/sfdc/; its test says
  // sfdc_proof_of_value.account_id -> sfdc_account.account_id
  const specs: Record<string, Spec> = {
    'legacy.sfdc_proof_of_value': { columns: ['pov_id', 'account_id'], grain: ['pov_id'], file: 'models/legacy/sfdc/intermediate/sfdc_proof_of_value.sql' },
    'restricted_safe_legacy.sfdc_account': { columns: ['account_id', 'account_name'], grain: ['account_id'], file: 'models/legacy/sfdc/restricted_safe/sfdc_account.sql' },
  };

  it('links an <app>_<model> table to the app\'s table in another schema', () => {
    // proves: same app word (sfdc_) makes the tables near though their schemas differ
    expect(linesOf(infer(specs), 'legacy.sfdc_proof_of_value')).toEqual(['account_id -> restricted_safe_legacy.sfdc_account.account_id']);
  });

  it('does not link another app\'s table in another schema', () => {
    // proves: the nearness comes from the shared app word, not from the name alone (fails if every schema is near)
    const other: Record<string, Spec> = {
      'legacy.sfdc_proof_of_value': specs['legacy.sfdc_proof_of_value'],
      'restricted_safe_legacy.zuora_account': specs['restricted_safe_legacy.sfdc_account'],
    };
    expect(linesOf(infer(other), 'legacy.sfdc_proof_of_value')).toEqual([]);
  });
});

describe('a table named after the entity, keyed by another column', () => {
  it('is referenced by its own <entity>_id column', () => {
    // gitlab-dbt-analytics: dim_crm_opportunity.dim_crm_user_id is tested against dim_crm_user.dim_crm_user_id,
    // while dim_crm_user's grain read from SQL is another column (dim_crm_user_sales_segment_id)
    const out = infer({
      'common.dim_crm_user': { columns: ['dim_crm_user_id', 'dim_crm_user_sales_segment_id'], grain: ['dim_crm_user_sales_segment_id'], confidence: 0.7, file: 'models/common/dim_crm_user.sql' },
      'common.dim_crm_opportunity': { columns: ['dim_crm_opportunity_id', 'dim_crm_user_id'], grain: ['dim_crm_opportunity_id'], file: 'models/common/dim_crm_opportunity.sql' },
    });
    expect(linesOf(out, 'common.dim_crm_opportunity')).toEqual(['dim_crm_user_id -> common.dim_crm_user.dim_crm_user_id']);
    const k = out.find((e) => e.id === 'common.dim_crm_opportunity')!.joinKeys[0];
    expect(k.confidence).toBeLessThan(0.5);
  });

  it('a layer word ending a name is no entity: `source_id` names no `<app>_..._source` table', () => {
    // gitlab-dbt-analytics: zuora_invoice_source.source_id is its rows' origin system; sfdc_user_roles_source is no "source"
    expect(tableEntities('sfdc.sfdc_user_roles_source').trailing.has('source')).toBe(false);
    expect(tableEntities('legacy.netsuite_accounting_periods').trailing.has('accountingperiod')).toBe(true);
  });
});

describe('a weak key guess is no lineage target', () => {
  // tuva: input_layer__eligibility's grain guessed as person_id (a name fallback, 0.35) made every
  // downstream person_id "pass through its key"; eligibility holds many rows per person
  const spec = (guessed: boolean): Record<string, Spec> => ({
    'input_layer.input_layer__eligibility': { columns: ['person_id', 'enrollment_start_date'], grain: ['person_id'], confidence: guessed ? 0.35 : 0.95, guessed, file: 'models/input_layer/input_layer__eligibility.sql' },
    'core.member_months': { columns: ['person_id', 'year_month'], lineage: { person_id: ['input_layer.input_layer__eligibility.person_id'] }, file: 'models/core/member_months.sql' },
  });

  it('drops the through-key reference when the key is a weak guess', () => {
    // proves: a heuristic key below 0.5 of a table not named after the column is not followed
    expect(linesOf(infer(spec(true)), 'core.member_months')).toEqual([]);
  });

  it('keeps it for a declared key', () => {
    // proves: the same lineage through a declared key still gives the reference (the test can fail both ways)
    expect(linesOf(infer(spec(false)), 'core.member_months')).toEqual(['person_id -> input_layer.input_layer__eligibility.person_id']);
  });
});
