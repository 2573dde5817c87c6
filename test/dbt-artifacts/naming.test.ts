import { describe, expect, it } from 'vitest';
import { DbtRenderer } from '../../enrichers/dbt/jinja-renderer.js';
import { emptyConfig, type NodeConfig } from '../../enrichers/dbt/project.js';
import { nodeAliases, nodeRelation } from '../../enrichers/dbt/relations.js';
import { BUILTIN_SCHEMA_MACRO, chooseTarget, profileTarget, rawRender, schemaRule } from '../../enrichers/dbt/target-naming.js';

const config = (over: Partial<NodeConfig>): NodeConfig => ({ ...emptyConfig(), ...over });
const renderWith = (macros: string) => {
  const r = new DbtRenderer({}, [BUILTIN_SCHEMA_MACRO, { path: 'macros/m.sql', content: macros }], 'shop', [], { type: 'trino', sole: false });
  return { macros: [{ content: macros }], render: rawRender(r, 'dbt_project.yml') };
};

describe("dbt's relation naming once the target is known", () => {
  const target = { database: 'prod', schema: 'analytics' };
  it('default generate_schema_name: <target>_<custom>, the bare target schema without a custom one', () => {
    expect(nodeRelation('stg_orders', config({ schema: 'staging' }), { target, rule: 'default' })).toBe('prod.analytics_staging.stg_orders');
    expect(nodeRelation('orders', config({}), { target, rule: 'default' })).toBe('prod.analytics.orders');
  });
  it("the docs' override keeps the custom schema as written; alias and a model's own database win", () => {
    expect(nodeRelation('customers', config({ schema: 'marts', alias: 'dim_customers', database: 'mart_db' }), { target, rule: 'verbatim' })).toBe('mart_db.marts.dim_customers');
  });
  it("no target, or an override rendering cannot place: the catalog's names stand", () => {
    expect(nodeRelation('stg_orders', config({ schema: 'staging' }), { rule: 'default' })).toBe('staging.stg_orders');
    expect(nodeRelation('stg_orders', config({ schema: 'staging' }), { target, rule: 'unknown' })).toBe('staging.stg_orders');
  });
  it('every shorter name and the name without a target stay aliases', () => {
    const c = config({ schema: 'staging' });
    expect(nodeAliases('stg_orders', c, nodeRelation('stg_orders', c, { target, rule: 'default' }))).toEqual(['stg_orders', 'analytics_staging.stg_orders', 'staging.stg_orders']);
  });
});

describe("a project's generate_schema_name, read by rendering it", () => {
  it('no override: dbt default', () => {
    const { macros, render } = renderWith('{% macro cents(x) %}{{ x }}/100{% endmacro %}');
    expect(schemaRule(macros, render)).toBe('default');
  });
  it("dbt docs' 'custom schema verbatim' override (test/dbt-artifacts/project/macros)", () => {
    const { macros, render } = renderWith(`{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set default_schema = target.schema -%}
    {%- if custom_schema_name is none -%}{{ default_schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}`);
    expect(schemaRule(macros, render)).toBe('verbatim');
  });
  it("an override that restates dbt's default is the default", () => {
    const { macros, render } = renderWith(`{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}`);
    expect(schemaRule(macros, render)).toBe('default');
  });
  it("the common prod/dev override: production keeps the custom schema, the rest is dbt's default", () => {
    const { macros, render } = renderWith(`{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if target.name == 'prod' and custom_schema_name is not none -%}{{ custom_schema_name | trim }}
    {%- else -%}{{ default__generate_schema_name(custom_schema_name, node) }}{%- endif -%}
{%- endmacro %}`);
    expect(schemaRule(macros, render)).toBe('verbatim');
  });
  it("an override for another adapter only (ol-data-platform's StarRocks one) leaves dbt's default", () => {
    const { macros, render } = renderWith(`{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if target.type == 'starrocks' and custom_schema_name is not none -%}{{ custom_schema_name | trim }}
    {%- else -%}{{ default__generate_schema_name(custom_schema_name, node) }}{%- endif -%}
{%- endmacro %}`);
    expect(schemaRule(macros, render)).toBe('default');
  });
  it('an override that builds schemas from something else is unknown, not guessed', () => {
    const { macros, render } = renderWith(`{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ node.fqn[1] }}
{%- endmacro %}`);
    expect(schemaRule(macros, render)).toBe('unknown');
  });
});

describe('the target from profiles.yml and the flags', () => {
  const render = (t: string) => new DbtRenderer({}, [], 'shop').renderText('profiles.yml', t);
  // the test project's profile: env_var with a default, a duckdb file that names the database
  const profile = { path: 'profiles.yml', content: `shop:\n  target: prod\n  outputs:\n    dev: {type: duckdb, path: dev.duckdb, schema: dbt_me}\n    prod:\n      type: duckdb\n      path: "{{ env_var('SHOP_DUCKDB', 'warehouse.duckdb') }}"\n      schema: analytics\n` };
  it("reads the named target's output; duckdb's database is its file's name", () => {
    expect(profileTarget({ root: '', profile: 'shop' }, [profile], render)).toEqual({ database: 'warehouse', schema: 'analytics' });
  });
  it('snowflake spells it database/schema, bigquery project/dataset', () => {
    const bq = { path: 'p/profiles.yml', content: 'shop:\n  target: ci\n  outputs:\n    ci: {type: bigquery, project: my-proj, dataset: dbt_ci}\n' };
    expect(profileTarget({ root: '', profile: 'shop' }, [bq], render)).toEqual({ database: 'my-proj', schema: 'dbt_ci' });
  });
  it("a named target on another adapter than the profile's others (a local sandbox) is no target", () => {
    const mixed = { path: 'profiles.yml', content: 'shop:\n  target: dev_local\n  outputs:\n    prod: {type: trino, database: lake, schema: wh}\n    qa: {type: trino, database: lake_qa, schema: wh}\n    dev_local: {type: duckdb, path: local.duckdb, schema: main}\n' };
    expect(profileTarget({ root: '', profile: 'shop' }, [mixed], render, { type: 'trino', sole: false })).toBeUndefined();
  });
  it('flags win field by field; no schema anywhere is no target', () => {
    expect(chooseTarget({ schema: 'prod_analytics' }, { database: 'warehouse', schema: 'analytics' })).toEqual({ database: 'warehouse', schema: 'prod_analytics' });
    expect(chooseTarget({ database: 'x' }, undefined)).toBeUndefined();
  });
});
