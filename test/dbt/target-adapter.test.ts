import { describe, expect, it } from 'vitest';
import { renderDbtProjects } from '../../enrichers/dbt/dbt-file-facts.js';
import { projectAdapter } from '../../enrichers/dbt/target-adapter.js';

// FlipsideCrypto/near-models' profiles.yml (abridged): the target is `prod`, every output snowflake
const NEAR_PROFILES = `near:
  target: prod
  outputs:
    dev:
      type: snowflake
      schema: SILVER
    prod:
      type: snowflake
      schema: SILVER
`;

// rittmananalytics/ra_data_warehouse ships one copy of a model per warehouse, each enabled on its own adapter
const RA_BIGQUERY = `{{config(enabled = target.type == 'bigquery')}}
select id from {{ source('facebook_ads', 'ad_history') }}`;
const RA_SNOWFLAKE = `{{config(enabled = target.type == 'snowflake')}}
select id from {{ source('facebook_ads', 'ad_history') }}`;
const DISPATCHING = `select {{ adapter.dispatch('day_of')('created_at') }} as day from {{ ref('stg_ads') }}`;
const MACROS = `{% macro default__day_of(c) %}cast({{ c }} as date){% endmacro %}
{% macro bigquery__day_of(c) %}date({{ c }}){% endmacro %}
{% macro snowflake__day_of(c) %}to_date({{ c }}){% endmacro %}`;

function project(profiles?: { path: string; content: string }) {
  const files = [
    { path: 'dbt_project.yml', content: "name: ra_data_warehouse\nprofile: 'ra_data_warehouse'\n" },
    { path: 'models/bigquery/stg_facebook_ads.sql', content: RA_BIGQUERY },
    { path: 'models/snowflake/stg_facebook_ads.sql', content: RA_SNOWFLAKE },
    { path: 'models/stg_ads_daily.sql', content: DISPATCHING },
    { path: 'macros/day_of.sql', content: MACROS },
    ...(profiles ? [profiles] : []),
  ];
  return renderDbtProjects(files).nodes;
}

describe("a project's adapter, from the profiles.yml it ships, is dbt's target.type", () => {
  it('reads the named profile, the target chosen or else the one type every output has', () => {
    // proves: near's `profile: "near"` with target prod is snowflake; a profile the project does not name says nothing
    const files = [{ path: 'profiles.yml', content: NEAR_PROFILES }];
    expect(projectAdapter({ root: '', profile: 'near' }, files)).toEqual({ type: 'snowflake', sole: true });
    expect(projectAdapter({ root: '', profile: 'other' }, files)).toBeUndefined();
    const mixed = `p:\n  target: "{{ env_var('T', 'x') }}"\n  outputs:\n    a: {type: duckdb}\n    b: {type: snowflake}\n`;
    expect(projectAdapter({ root: '', profile: 'p' }, [{ path: 'ci/profiles.yml', content: mixed }])).toBeUndefined();
    // mitodl/ol-data-platform: the default target is a local duckdb, four outputs are trino
    const ol = `open_learning:\n  target: dev_local\n  outputs:\n    qa: {type: trino}\n    production: {type: trino}\n    dev_qa: {type: trino}\n    dev_production: {type: trino}\n    dev_local: {type: duckdb}\n`;
    expect(projectAdapter({ root: 'src/ol_dbt', profile: 'open_learning' }, [{ path: 'src/ol_dbt/profiles.yml', content: ol }])).toEqual({ type: 'trino', sole: false });
    const tie = `p:\n  target: b\n  outputs:\n    a: {type: duckdb}\n    b: {type: snowflake}\n`;
    expect(projectAdapter({ root: '', profile: 'p' }, [{ path: 'profiles.yml', content: tie }])?.type).toBe('snowflake');
  });

  it("with the adapter known, another adapter's copy of a model is disabled and dispatch picks the adapter's macro", () => {
    // proves: dbt disables ra's snowflake copy on BigQuery and keeps the bigquery one; adapter.dispatch renders bigquery__day_of
    const nodes = project({ path: 'profiles.yml', content: "ra_data_warehouse:\n  target: dev\n  outputs:\n    dev:\n      type: bigquery\n" });
    const byFile = new Map(nodes.map((n) => [n.file, n]));
    expect(byFile.get('models/bigquery/stg_facebook_ads.sql')?.config.enabled).not.toBe(false);
    expect(byFile.get('models/snowflake/stg_facebook_ads.sql')?.config.enabled).toBe(false);
    expect(byFile.get('models/stg_ads_daily.sql')?.sql).toContain('date(created_at)');
  });

  it('a profile with outputs on several adapters renders with the main one but leaves enabled to the deployment', () => {
    // proves: ol-data-platform's `+enabled: "{{ target.type == 'starrocks' }}"` models stay when trino is the main adapter
    const profiles = "ra_data_warehouse:\n  target: dev\n  outputs:\n    dev: {type: bigquery}\n    prod: {type: bigquery}\n    sf: {type: snowflake}\n";
    const nodes = project({ path: 'profiles.yml', content: profiles });
    expect(nodes.filter((n) => n.file.includes('stg_facebook_ads') && n.config.enabled === false)).toEqual([]);
    expect(nodes.find((n) => n.file === 'models/stg_ads_daily.sql')?.sql).toContain('date(created_at)');
  });

  it('without a profiles.yml the target is the deployment\'s: both copies stay', () => {
    // proves: nothing is disabled on a guess when the repo does not name its adapter
    const nodes = project();
    expect(nodes.filter((n) => n.file.includes('stg_facebook_ads') && n.config.enabled === false)).toEqual([]);
  });
  it('without a profiles.yml, the one adapter a CI workflow installs (the render follows it, enabled stays the deployment\'s)', () => {
    // proves: `pip install dbt-snowflake==1.7` in .github/workflows gives snowflake, not certain; two adapters named give nothing
    const ci = { path: '.github/workflows/dbt_run.yml', content: 'jobs:\n  run:\n    steps:\n      - run: pip install dbt-core dbt-snowflake==1.7.1\n' };
    expect(projectAdapter({ root: '', profile: 'near' }, [ci])).toEqual({ type: 'snowflake', sole: false });
    const two = { path: '.github/workflows/ci.yml', content: 'steps:\n  - run: pip install dbt-duckdb dbt-postgres\n' };
    expect(projectAdapter({ root: '', profile: 'near' }, [ci, two])).toBeUndefined();
    // elementary-data/dbt-data-reliability installs "dbt-${DBT_ADAPTER_PKG}" over a matrix: no one adapter
    const matrix = { path: '.github/workflows/test-warehouse.yml', content: 'steps:\n  - run: pip install "dbt-${DBT_ADAPTER_PKG}"\n  - name: older dbt-databricks versions\n' };
    expect(projectAdapter({ root: '', profile: 'near' }, [matrix])).toBeUndefined();
    // a yml that is no CI config (a model's properties) says nothing
    expect(projectAdapter({ root: '', profile: 'near' }, [{ path: 'models/x.yml', content: 'description: built with dbt-bigquery' }])).toBeUndefined();
  });
});
