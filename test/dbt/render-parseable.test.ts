import { describe, expect, it } from 'vitest';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';
import { DbtRenderer } from '../../enrichers/dbt/jinja-renderer.js';

/**
 * Patterns of real dbt packages (Fivetran's asana/intercom/hubspot sources, Spider2's
 * qualtrics and tuva's chronic conditions) whose rendered SQL did not parse.
 */
const NO_HOOKS = { ref: (a: string[]) => a[a.length - 1], source: (s: string, t: string) => `${s}.${t}`, config: () => undefined, snapshot: () => undefined, self: () => 'm' };
const render = (content: string) => new DbtRenderer({}, [], 'p').render('models/m.sql', content, NO_HOOKS).sql?.replace(/\s+/g, ' ').trim();

describe('rendered models stay SQL', () => {
  it("a source database of `var('x', target.database)` renders to nothing, so the source keeps schema.identifier", () => {
    // proves: target.database (no profile) is not printed as the source text of a JavaScript closure
    const files = [
      { path: 'dbt_project.yml', content: 'name: asana_source\n' },
      {
        path: 'models/src_asana.yml',
        content: `version: 2
sources:
  - name: asana
    database: "{% if target.type != 'spark' %}{{ var('asana_database', target.database)}}{% endif %}"
    schema: "{{var ('asana_schema', 'asana')}}"
    tables:
      - name: user
        identifier: "{{ var('asana_user_identifier', 'user')}}"
`,
      },
      { path: 'models/stg_user.sql', content: "select * from {{ source('asana', 'user') }}" },
    ];
    const model = linkCatalog(dbtFileFacts(files)).entries.find((e) => e.id === 'stg_user');
    expect(model?.upstream).toEqual(['asana.user']);
  });

  it('an env_var with no default is a neutral: a list after IN and a qualifier keep the model parseable', () => {
    // proves: madhurladdha/wbx_dbt filters `upper(area) in {{ env_var("COMPANY_FILTER") }}` (a list only the
    // deployment holds); rendered as '' the model lost its SQL; `{{ env_var('DB') }}.raw.t` keeps raw.t
    expect(render(`select id from s where upper(area) in {{ env_var("COMPANY_FILTER") }} and k = '{{ env_var("K") }}'`)).toBe(
      "select id from s where upper(area) in (null) and k = ''",
    );
    expect(render(`select id from {{ env_var('DB') }}.raw.t`)).toBe('select id from raw.t');
    expect(render(`select id from t where k = '{{ env_var("K", "x") }}'`)).toBe("select id from t where k = 'x'");
  });

  it('an unknown macro right after the last column renders as nothing, elsewhere as null', () => {
    // proves: `last_col {{ fivetran_utils.fill_pass_through_columns(...) }}` (which emits `, more` or nothing) parses,
    // even after a comment, while `select {{ x() }}` and `a = {{ x() }}` still get an expression
    const sql = render(`select id,
  cast(_fivetran_end as timestamp) as _fivetran_end
  --The below script allows for pass through columns.
  {{ fivetran_utils.fill_pass_through_columns('v') }}
  {{ fivetran_utils.add_calculated_fields('w') }}
from t where a = {{ pkg.value() }} and {{ pkg.flag() }}`);
    expect(sql).toBe(
      'select id, cast(_fivetran_end as timestamp) as _fivetran_end --The below script allows for pass through columns. from t where a = null and null',
    );
  });

  it("`| default` applies to a key the dict lacks, as in Jinja", () => {
    // proves (Fivetran salesforce coalesce_rename): `cols[k]["alias"] | default(name)` is the name, not `as null`
    expect(render(`{% set cols = {'id': {'name': 'id'} } %}select id as {{ cols['id']['alias'] | default(cols['id']['name']) }} from t`)).toBe(
      'select id as id from t',
    );
  });

  it('an unknown macro that fills a CTE after a comment is a query', () => {
    // proves (Spider2 marketo change_data_scd): `unioned as ( -- note \n {{ pkg.union_relations(...) }} )` parses
    expect(render(`with unioned as (\n  -- unions the current state and its history\n  {{ fivetran_utils.union_data('lead') }}\n)\nselect * from unioned`)).toBe(
      'with unioned as ( -- unions the current state and its history select null as unknown_macro ) select * from unioned',
    );
  });

  it('a column list left empty by warehouse introspection reads as every column', () => {
    // proves (Spider2 shopify get_metafields, dbt_utils get_column_values): `select {% for c in adapter.get_columns_in_relation(...) %}`
    // renders `select from t`, which no grammar parses; `select * from t` does and invents no table
    const sql = render(`select {% for c in adapter.get_columns_in_relation(ref('orders')) %}o.{{ c.name }}{% endfor %}
from orders o`);
    expect(sql).toBe('select * from orders o');
  });

  it('an unknown macro that writes the whole select list reads as every column', () => {
    // proves (Spider2 workday staging): `select {{ fivetran_utils.fill_staging_columns(...) }} {{ fivetran_utils.source_relation() }}
    // from base` lists base's columns, so `id as worker_id` downstream still reads base.id; `select {{ x() }} as y` keeps its null
    expect(render(`select\n  {{ fivetran_utils.fill_staging_columns(source_columns=[]) }}\n  {{ fivetran_utils.source_relation() }}\nfrom base`)).toBe('select * from base');
    expect(render(`select {{ pkg.x() }} as y from base`)).toBe('select null as y from base');
  });

  it('the max and min filters pick an item, as in Jinja', () => {
    // proves (Spider2 pendo001): `cast({{ ['feature.valid_through', 'feature.last_click_on'] | max }} as date)` is one column
    expect(render("{{ ['feature.valid_through', 'feature.last_click_on'] | max }} {{ [3, 1, 2] | min }}")).toBe('feature.valid_through 1');
  });

  it("a local package's macros are callable from the project that installs it", () => {
    // proves (dbt_expectations integration_tests, `packages: [{local: ../}]`): `cast(d as {{ lib.type_datetime() }})`
    // renders the package's macro instead of `cast(d as null)`, so the model parses with its columns
    const files = [
      { path: 'dbt_project.yml', content: 'name: lib\n' },
      { path: 'macros/types.sql', content: '{% macro type_datetime() %}timestamp{% endmacro %}' },
      { path: 'integration_tests/dbt_project.yml', content: 'name: lib_tests\n' },
      { path: 'integration_tests/packages.yml', content: 'packages:\n  - local: ../\n' },
      { path: 'integration_tests/models/series.sql', content: 'select cast(d as {{ lib.type_datetime() }}) as day_at from days' },
    ];
    const facts = dbtFileFacts(files);
    expect(facts.flatMap((f) => f.warnings)).toEqual([]);
    expect(facts.flatMap((f) => f.tables).find((t) => t.name === 'series')?.columns.map((c) => c.name)).toEqual(['day_at']);
  });

  it('map and list filters work as in Jinja, and over an introspection result at parse time', () => {
    // proves (dbt_utils date_spine, marketo change_data_scd): `x | map(attribute=0) | list` on a neutral is an
    // empty list, not a render error; on real lists map takes an attribute or applies a filter
    expect(
      render(`{% set cols = [{'name': 'A'}, {'name': 'B'}] %}{{ cols | map(attribute='name') | map('lower') | list | join(',') }}
{{ adapter.get_columns_in_relation(ref('x')) | map(attribute='name') | list | length }}`),
    ).toBe('a,b 0');
  });

  it('a Jinja tuple prints as Python prints it', () => {
    // proves: `not in {{ channels }}` with `set channels = ('email', 'qr')` is an SQL list, not `email,qr`
    expect(render("{% set channels = ('email', 'qr', \"it's\") %}select * from t where c not in {{ channels }}")).toBe(
      `select * from t where c not in ('email', 'qr', "it's")`,
    );
    expect(render("{% for c in ('a', 'b') %}{{ c }}{% endfor %}")).toBe('ab');
  });
  it('a qualifier the deployment knows (`{{ target.database }}.`) is left out, not printed as null', () => {
    // proves: FlipsideCrypto/near-models' `{{ target.database }}.live.udf_api(...)` renders `live.udf_api(...)`,
    // which parses, while a bare neutral elsewhere still stands for an expression
    const sql = render(`select {{ target.database }}.streamline.udf_extract_hash_array(d, 'h') as ids, {{ target.database }} as db
from {{ target.database }}.silver.blocks`);
    expect(sql).toBe("select streamline.udf_extract_hash_array(d, 'h') as ids, null as db from silver.blocks");
  });
  it("`'x' in var('unset')` is false, not a render failure (rittmananalytics/ra_data_warehouse)", () => {
    // proves: a membership test on a value Grainline cannot know takes the else branch instead of failing the model
    const sql = render(`{% if 'asana_projects' in var("projects_warehouse_delivery_sources") %}select 1 as a{% else %}select 2 as b{% endif %}`);
    expect(sql).toBe('select 2 as b');
  });
});
