import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, type TableView } from './harness.js';
import { harborDbt } from './harbor-dbt.js';

describe('a dbt project in the style of older real projects', () => {
  let tables: Record<string, TableView>;
  let warnings: { file: string; code: string }[];
  beforeAll(async () => ({ tables, warnings } = await analyze(harborDbt)));

  it('finds every model, source, seed and snapshot under its warehouse name', () => {
    expect(Object.keys(tables).sort()).toEqual([
      'harbor_raw.berths', 'harbor_raw.invoices_eu', 'harbor_raw.invoices_us', 'harbor_raw.payments',
      'harbor_raw.vessel_calls_v2', // identifier overrides the source table name
      'marts.dim_berths', 'marts.dim_berths_v2', 'marts.fct_berth_usage', 'marts.fct_invoices',
      'marts.payments_by_method', // config(alias=...)
      'reference.ports', 'snapshots.berths_snapshot',
      'staging.stg_berths', 'staging.stg_invoices', 'staging.stg_payments', 'staging.stg_vessel_calls',
    ]);
    expect(tables['reference.ports'].kind).toBe('dbt seed');
    expect(tables['snapshots.berths_snapshot'].kind).toBe('dbt snapshot');
  });

  it('source schemas written as var() render to the project value, leaving no Jinja behind', () => {
    expect(tables['staging.stg_payments'].upstream).toEqual(['harbor_raw.payments']);
    expect(warnings.filter((w) => w.code === 'sql-jinja-leftover')).toEqual([]);
  });

  it('follows lineage through project macros looping over sources, refs with a package or version, and never {{ this }}', () => {
    expect(tables['staging.stg_invoices'].upstream).toEqual(['harbor_raw.invoices_eu', 'harbor_raw.invoices_us']);
    expect(tables['marts.fct_invoices'].upstream).toEqual(['staging.stg_invoices']);
    expect(tables['marts.dim_berths_v2'].upstream).toEqual(['marts.dim_berths']);
    expect(tables['marts.fct_berth_usage'].upstream).toEqual(['staging.stg_berths', 'staging.stg_vessel_calls']);
    expect(tables['marts.dim_berths'].upstream).toEqual(['reference.ports', 'staging.stg_berths']);
    expect(tables['harbor_raw.berths'].downstream).toEqual(['snapshots.berths_snapshot', 'staging.stg_berths']);
  });

  it('grain from tests (tests and data_tests), unique_key, and GROUP BY over a var-driven loop', () => {
    expect(tables['staging.stg_berths'].grain).toEqual(['berth_id']);
    expect(tables['staging.stg_vessel_calls'].grain).toEqual(['call_id']);
    expect(tables['marts.fct_berth_usage'].grain).toEqual(['berth_id', 'call_date']);
    // a snapshot keeps every version of its unique_key: dbt tells its rows apart by dbt_scd_id
    expect(tables['snapshots.berths_snapshot'].grain).toEqual(['dbt_scd_id']);
    expect(tables['marts.payments_by_method'].grain).toEqual(['invoice_id']);
  });

  it('join keys from relationships tests with `arguments:` and from JOIN ... USING to a seed', () => {
    expect(tables['staging.stg_vessel_calls'].joins).toEqual(['berth_id -> staging.stg_berths.berth_id']);
    // the marts' port_code columns name the seed: inferred foreign keys, mirrored onto it
    expect(tables['reference.ports'].joins).toEqual([
      'port_code -> marts.dim_berths.port_code',
      'port_code -> marts.dim_berths_v2.port_code',
      'port_code -> staging.stg_berths.port_code',
    ]);
  });

  it('owners from config.meta in schema.yml and +meta in dbt_project.yml', () => {
    expect(tables['staging.stg_payments'].owners).toEqual(['@harbor/payments-team']);
    expect(tables['marts.payments_by_method'].owners).toEqual(['finance-analytics']);
  });
});
