import { expect, it } from 'vitest';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';

const ids = (files: { path: string; content: string }[]) => linkCatalog(dbtFileFacts(files)).entries.map((e) => e.id).sort();

it('Jinja in a YAML config value is rendered before it names the model', () => {
  // proves: `schema: "{% if var(...) %}...{% else %}billing{% endif %}"` gives schema billing, not the template text
  const files = [
    { path: 'dbt_project.yml', content: 'name: p\n' },
    {
      path: 'models/props.yml',
      content: `version: 2
models:
  - name: invoices
    config:
      schema: |
        {%- if var('schema_prefix', None) != None -%}{{ var('schema_prefix') }}_billing{%- else -%}billing{%- endif -%}
`,
    },
    { path: 'models/invoices.sql', content: 'select 1 as invoice_id' },
  ];
  expect(ids(files)).toEqual(['billing.invoices']);
});

it('enabled is decided by the vars the project sets, and left to the deployment otherwise', () => {
  // proves: `+enabled: "{{ var(...) | as_bool }}"` with the var set false disables; an unset var or the target does not
  const files = [
    {
      path: 'dbt_project.yml',
      content: `name: p
vars:
  audits_on: false
models:
  p:
    audits:
      +enabled: "{{ var('audits_on', true) | as_bool }}"
    optional:
      +enabled: "{{ var('optional_on', false) | as_bool }}"
    per_target:
      +enabled: "{{ True if target.name == 'ci' else False }}"
`,
    },
    { path: 'models/audits/audit_rows.sql', content: 'select 1 as n' },
    { path: 'models/optional/extra_rows.sql', content: 'select 1 as n' },
    { path: 'models/per_target/ci_rows.sql', content: 'select 1 as n' },
    { path: 'models/off.sql', content: "{{ config(enabled=false) }}select 1 as n" },
  ];
  expect(ids(files)).toEqual(['ci_rows', 'extra_rows']);
});

it("a local package's models are built with the vars of the project that installs it", () => {
  // proves: an integration-tests project (packages: [{local: ../}]) switching a mart on keeps that mart
  const files = [
    { path: 'dbt_project.yml', content: "name: lib\nmodels:\n  lib:\n    +enabled: \"{{ var('lib_marts', false) }}\"\nvars:\n  lib_marts: false\n" },
    { path: 'models/mart_a.sql', content: 'select 1 as n' },
    { path: 'integration_tests/dbt_project.yml', content: 'name: it\nvars:\n  lib_marts: true\n' },
    { path: 'integration_tests/packages.yml', content: 'packages:\n  - local: ../\n' },
  ];
  expect(ids(files)).toEqual(['mart_a']);
  // without the installer, the package's own var disables it
  expect(ids(files.slice(0, 2))).toEqual([]);
});

it('a source whose database has a hyphen is quoted in the SQL, so the model parses and reads it', () => {
  // proves: BigQuery project ids like my-proj print as `my-proj`, and the upstream is still my-proj.raw.orders
  const files = [
    { path: 'dbt_project.yml', content: 'name: p\n' },
    { path: 'models/src.yml', content: 'version: 2\nsources:\n  - name: raw\n    database: my-proj\n    tables: [{name: orders}]\n' },
    { path: 'models/stg_orders.sql', content: "select o.id, count(*) as n from {{ source('raw', 'orders') }} as o group by o.id" },
  ];
  const facts = dbtFileFacts(files);
  const model = facts.flatMap((f) => f.tables).find((t) => t.name === 'stg_orders')!;
  expect(model.upstream.map((u) => u.name)).toEqual(['my-proj.raw.orders']);
  expect(facts.flatMap((f) => f.warnings).filter((w) => w.code.startsWith('sql-'))).toEqual([]);
  expect(model.grain.map((g) => g.columns)).toContainEqual(['id']);
});
