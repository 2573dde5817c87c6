import { describe, expect, it } from 'vitest';
import { DbtRenderer, type RenderHooks } from '../../enrichers/dbt/jinja-renderer.js';

/** Renders one model with recording hooks; refs print as their name, sources as schema.table. */
function render(content: string, macros: Record<string, string> = {}, vars: Record<string, unknown> = {}) {
  const renderer = new DbtRenderer(vars, Object.entries(macros).map(([path, c]) => ({ path, content: c })), 'p');
  const config: Record<string, unknown> = {};
  const refs: string[] = [];
  const hooks: RenderHooks = {
    ref: (args) => {
      refs.push(args.join('.'));
      return args[args.length - 1];
    },
    source: (s, t) => `${s}.${t}`,
    config: (settings) => Object.assign(config, settings),
    snapshot: () => undefined,
    self: () => 'this_model',
  };
  const result = renderer.render('models/m.sql', content, hooks);
  return { ...result, config, refs, warnings: renderer.warnings, sqlText: (result.sql ?? '').replace(/\s+/g, ' ').trim() };
}

describe('Python-flavoured Jinja renders as dbt renders it', () => {
  it('a trailing comma in config() arguments and in a dict still runs config()', () => {
    // proves: `config(a=1,)` and `{'k': v,}` parse, so materialized and unique_key are not lost
    const r = render(`{{ config(materialized='incremental', unique_key='id',) }}
{% set opts = {'k': 'v',} %}select id from t`);
    expect(r.error).toBeUndefined();
    expect(r.config).toMatchObject({ materialized: 'incremental', unique_key: 'id' });
  });

  it('a trailing comma in a list literal parses', () => {
    // proves: `[a, b,]` is a two-item list, as in Python
    const r = render(`{% set cols = ['a', 'b',] %}select {{ cols | join(', ') }} from t`);
    expect(r.sqlText).toBe('select a, b from t');
  });

  it('str.join, True/False/None and str methods behave as in Python', () => {
    // proves: `", ".join(list)`, Python literals and .upper()/.format() render, not error or null
    const r = render(`{% set cols = ['a', 'b'] %}{% set flag = True %}{% set nothing = None %}
select {{ ", ".join(cols) }}{% if flag and nothing is none %}, '{{ "x_{}".format("y").upper() }}' as c{% endif %} from t`);
    expect(r.sqlText).toBe("select a, b, 'X_Y' as c from t");
  });

  it('a dict key can be an expression, and list.extend / dict.update work', () => {
    // proves: `{name | lower: v}` parses (nunjucks refused it) and Python container methods mutate
    const r = render(`{% set d = {} %}{% for c in ['A', 'B'] %}{% do d.update({c | lower: c}) %}{% endfor %}
{% set l = ['x'] %}{% do l.extend(['y']) %}select {{ d['a'] }}{{ d['b'] }}, {{ l | join('') }} from t`);
    expect(r.sqlText).toBe('select AB, xy from t');
  });

  it('loop controls, namespace assignment and tuple unpacking work as in Jinja', () => {
    // proves: {% continue %}/{% break %} (dbt enables loopcontrols), {% set ns.x = .. %} and {% set a, b = pair %}
    const r = render(`{% set ns = namespace(n=0) %}{% for i in [1, 2, 3, 4, 5] %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}{% endif %}{% set ns.n = ns.n + i %}{% endfor %}
{% set col, alias = ['amount', 'amt'] %}select {{ ns.n }} as total, {{ col }} as {{ alias }} from t`);
    expect(r.error).toBeUndefined();
    expect(r.sqlText).toBe('select 4 as total, amount as amt from t');
  });

  it("a method called on a string literal with an escape compiles ('\\n'.join)", () => {
    // proves: `'\n'.join(xs)` renders; nunjucks wrote the raw newline into its compiled code and the template failed to load
    const r = render(`select {{ ',\\n  '.join(['a', 'b']) }} from t`);
    expect(r.error).toBeUndefined();
    expect(r.sqlText).toBe('select a, b from t');
  });

  it('adjacent string literals are joined', () => {
    // proves: Python's implicit concatenation "a" "b" renders as "ab"
    const r = render(`select '{{ "case" " when" }}' as s from t`);
    expect(r.sqlText).toBe("select 'case when' as s from t");
  });

  it('a macro result is what it return()s, and extra arguments reach varargs/kwargs', () => {
    // proves: `{% do return(x) %}` makes x the macro's value (a list here), and varargs/kwargs are filled
    const r = render(`{% for c in key_columns('orders') %}{{ c }} {% endfor %}{{ pick('a', 'b', sep='|') }}`, {
      'macros/k.sql': `{% macro key_columns(name) %}ignored text{% do return([name ~ '_id', 'day']) %}{% endmacro %}
{% macro pick() %}{{ varargs | join(kwargs.get('sep')) }}{% endmacro %}`,
    });
    expect(r.sqlText).toBe('orders_id day a|b');
  });

  it('the first return() wins, and a macro returning from inside a loop leaves its file usable', () => {
    // proves: return() inside a for loop of a macro called by a same-file macro gives its value, and later calls still work
    const macros = {
      'macros/m.sql': `{% macro first_even(xs) %}{% for x in xs %}{% if x % 2 == 0 %}{% do return(x) %}{% endif %}{% endfor %}{% do return(-1) %}{% endmacro %}
{% macro evens(xs) %}{% set out = [] %}{% for x in xs %}{% do out.append(first_even([x])) %}{% endfor %}{{ return(out) }}{% endmacro %}`,
    };
    const r = render(`{{ evens([1, 2, 3, 4]) | join(',') }} {{ first_even([3, 6, 8]) }} {{ p.first_even([5]) }}`, macros);
    expect(r.error).toBeUndefined();
    expect(r.sqlText).toBe('-1,2,-1,4 6 -1');
  });

  it('code after return() does not run, and a call block inside a macro still works', () => {
    // proves: `{% if not execute %}{{ return('') }}{% endif %}` guards the rest (which would fail), and nested caller macros compile
    const r = render(`[{{ guarded([1]) }}] {{ wrap() }}`, {
      'macros/g.sql': `{% macro guarded(xs) %}{% if not execute %}{{ return('') }}{% endif %}{{ (none | list) | length }}{% endmacro %}
{% macro box() %}<{{ caller() }}>{% endmacro %}
{% macro wrap() %}{% call box() %}in{% endcall %}{% endmacro %}`,
    });
    expect(r.error).toBeUndefined();
    expect(r.sqlText).toBe('[] <in>');
  });

  it('a CTE whose macro returns nothing at parse time still holds a query', () => {
    // proves: `as ( {{ guarded_union() }} )` rendering empty becomes a one-row select, so the CTE name is not read as a table
    const r = render(`with u as ( {{ guarded() }} ) select * from u`, {
      'macros/g.sql': `{% macro guarded() %}{% if not execute %}{{ return('') }}{% endif %}select 1{% endmacro %}`,
    });
    expect(r.sqlText).toBe('with u as ( select null as unknown_macro ) select * from u');
  });

  it('adapter.dispatch uses the default, and an adapter implementation when the default is only a stub', () => {
    // proves: a dispatched macro whose default__ renders nothing still yields SQL (the adapter one), and a real default wins
    const r = render(`{{ to_json('c') }} | {{ cents('x') }}`, {
      'macros/d.sql': `{% macro to_json(c) %}{{ return(adapter.dispatch('to_json')(c)) }}{% endmacro %}
{% macro default__to_json(c) %}{{ exceptions.warn('not implemented') }}{% endmacro %}
{% macro snowflake__to_json(c) %}to_json({{ c }}){% endmacro %}
{% macro cents(c) %}{{ adapter.dispatch('cents')(c) }}{% endmacro %}
{% macro default__cents(c) %}{{ c }} / 100{% endmacro %}
{% macro bigquery__cents(c) %}div({{ c }}, 100){% endmacro %}`,
    });
    expect(r.sqlText).toBe('to_json(c) | x / 100');
  });

  it('a project macro overriding ref() still records the ref', () => {
    // proves: a `ref` override calling builtins.ref does not hide the model's lineage
    const r = render(`select * from {{ ref('orders') }}`, {
      'macros/ref.sql': `{% macro ref() %}{% set rel = builtins.ref(varargs[0]) %}{% do return(rel) %}{% endmacro %}`,
    });
    expect(r.refs).toEqual(['orders']);
    expect(r.sqlText).toBe('select * from orders');
  });

  it("dbt's cross-database macros render as SQL, by namespace or bare", () => {
    // proves: dbt.type_string(), dbt.datediff(), dateadd(), safe_cast() and api.Column give parseable SQL, not null
    const r = render(`select cast(x as {{ dbt.type_string() }}) as a, {{ dbt.datediff('s', 'e', 'day') }} as b,
{{ dateadd('month', 1, 'd') }} as c, {{ dbt.safe_cast('y', api.Column.translate_type('integer')) }} as d from t`);
    expect(r.sqlText).toBe('select cast(x as varchar) as a, datediff(day, s, e) as b, dateadd(month, 1, d) as c, cast(y as integer) as d from t');
  });

  it('an unknown package macro that stands for a query renders as a query', () => {
    // proves: `as ( {{ pkg.macro() }} )` becomes `select null ...` and `join {{ unknown }}` a subquery, so the SQL parses; elsewhere it is null
    const r = render(`with days as ( {{ some_pkg.get_dates(n=3) }} ) select {{ some_pkg.expr() }} as e from days join {{ var('unset_table') }} u on true`);
    expect(r.sqlText).toBe('with days as ( select null as unknown_macro ) select null as e from days join (select null as unknown_macro) u on true');
  });

  it('is_incremental() is false: a full refresh, as dbt renders it for lineage', () => {
    // proves: only the full-refresh branch is kept and loops are expanded
    const r = render(`select {% for c in ['a', 'b'] %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %} from t
{% if is_incremental() %}where ts > (select max(ts) from {{ this }}){% else %}where true{% endif %}`);
    expect(r.sqlText).toBe('select a, b from t where true');
  });

  it('as_bool / as_number turn rendered text into native values', () => {
    // proves: dbt's native filters exist (nunjucks passed the text through unchanged)
    const r = render(`{{ config(enabled=('true' | as_bool), n=('3' | as_number)) }}select 1`);
    expect(r.config).toMatchObject({ enabled: true, n: 3 });
  });

  it('a var default decides nothing for the project: a model disabled only by it keeps no enabled setting', () => {
    // proves: enabled=var('x', False) with x unset is the deployment's choice, so config() carries no enabled=false
    expect(render(`{{ config(enabled=var('mart_enabled', False)) }}select 1`).config.enabled).toBeUndefined();
    // ...while a var the project sets is the project's answer
    expect(render(`{{ config(enabled=var('mart_enabled', True)) }}select 1`, {}, { mart_enabled: false }).config.enabled).toBe(false);
  });
  it('loop targets in parentheses unpack as without them (ra_data_warehouse int_web_events_sessions_initial.sql)', () => {
    // proves: `{% for (key, value) in d.items() %}` renders each pair, nested loops included, instead of failing the model
    const r = render(`{% set first_values = {'utm_source': 'source'} %}select {% for (key, value) in first_values.items() %}first_value({{ key }}) as {{ value }}{% for (a, b) in [['x', 'y']] %}, {{ a }}{{ b }}{% endfor %}{% endfor %} from t`);
    expect(r.error).toBeUndefined();
    expect(r.sqlText).toBe('select first_value(utm_source) as source, xy from t');
  });
});

describe('dbt context functions', () => {
  it('fromyaml reads a YAML block set in the model, as automate_dv staging models write it', () => {
    // PabloDeAlbu/dbt-scholar's stg_coar_* models (shortened): fromyaml was an unknown macro, so
    // every value read from the dict printed null (175 warnings in that repo)
    const r = render(`{%- set yaml_metadata -%}
source_model: 'map_coar_resourcetype'
hashed_columns:
  link_hk:
    - coar_uri
    - type
{%- endset -%}
{% set meta = fromyaml(yaml_metadata) %}select {{ meta['hashed_columns']['link_hk'] | join(', ') }} from {{ ref(meta['source_model']) }}`);
    expect(r.sqlText).toBe('select coar_uri, type from map_coar_resourcetype');
    expect(r.refs).toEqual(['map_coar_resourcetype']);
    expect(r.warnings).toEqual([]);
  });

  it('fromyaml of broken YAML gives the default, toyaml writes YAML back', () => {
    const r = render(`{% set d = fromyaml('a: [1, 2', {'a': 'x'}) %}select '{{ d['a'] }}' as a, '{{ toyaml({'k': 1}) | trim }}' as b`);
    expect(r.sqlText).toBe(`select 'x' as a, 'k: 1' as b`);
  });
});
