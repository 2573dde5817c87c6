import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, type TableView } from './harness.js';
import { ledgerDbt } from './ledger-dbt.js';

describe('a modern dbt project with macros, packages and versions', () => {
  let tables: Record<string, TableView>;
  let warnings: { file: string; code: string }[];
  beforeAll(async () => ({ tables, warnings } = await analyze(ledgerDbt)));

  it('a project macro fed a list of (cte, model) tuples reads each model, and parses', () => {
    expect(tables['account_balances'].upstream).toEqual(['stg_ledger__accounts', 'stg_ledger__entries']);
    expect(warnings.filter((w) => w.file === 'models/marts/account_balances.sql')).toEqual([]);
  });

  it('dbt_utils.group_by and unique_combination_of_columns agree on the grain', () => {
    expect(tables['account_balances'].grain).toEqual(['account_id', 'currency']);
    expect(tables['account_balances'].owners).toEqual(['@ledger/fin-data', 'finance@ledger.example']);
  });

  it('union_relations over refs reads both; {{ this }} in an incremental join is not upstream', () => {
    expect(tables['all_entries'].upstream).toEqual(['entries_archive', 'stg_ledger__entries']);
    expect(tables['entries_archive'].upstream).toEqual(['stg_ledger__entries']);
    expect(tables['entries_archive'].grain).toEqual(['entry_id']);
  });

  it('versioned models: ref(version=2) and the unversioned yaml entry land on dim_accounts_v2', () => {
    expect(tables['account_report'].upstream).toEqual(['account_balances', 'dim_accounts_v2']);
    expect(tables['dim_accounts_v2'].grain).toEqual(['account_id']);
    expect(tables['dim_accounts_v2'].joins).toEqual(['account_id -> account_balances.account_id']);
  });

  it('disabled folders define nothing; source meta owners reach source tables', () => {
    expect(tables['old_report']).toBeUndefined();
    expect(tables['raw.ledger.entries'].owners).toEqual(['platform-ingest']);
    expect(tables['raw.ledger.entries'].grain).toEqual(['entry_id']);
  });

  it('a Python model is a table whose dbt.ref/dbt.source calls are its lineage', () => {
    expect(tables['fx_forecast'].kind).toBe('dbt model');
    expect(tables['fx_forecast'].upstream).toEqual(['account_balances', 'raw.ledger.accounts']);
    expect(tables['account_balances'].downstream).toEqual(['account_report', 'fx_forecast']);
  });
});
