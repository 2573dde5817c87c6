/**
 * A dbt project written the way older real projects are: `source-paths`/`data-paths`,
 * model config with and without `+`, vars used for source schemas and column lists,
 * project macros that loop over sources, package macros we do not have, `{{ this }}`
 * in an incremental branch, versioned and two-argument refs, a snapshot and a seed.
 */
export const harborDbt: Record<string, string> = {
  'transform/dbt_project.yml': `name: 'harbor_analytics'
version: '1.0.0'
config-version: 2
profile: 'harbor'
source-paths: ["models"]
data-paths: ["data"]
macro-paths: ["macros"]
snapshot-paths: ["snapshots"]
target-path: "target"
clean-targets: ["target", "dbt_modules"]
quoting:
  database: false
  identifier: false
vars:
  raw_schema: harbor_raw
  payment_methods: ['card', 'wire', 'voucher']
models:
  harbor_analytics:
    materialized: view
    staging:
      schema: staging
    marts:
      +materialized: table
      +schema: marts
      finance:
        +meta:
          owner: 'finance-analytics'
seeds:
  harbor_analytics:
    +schema: reference
`,
  'transform/macros/cents_to_units.sql': `{#- converts integer cents into currency units -#}
{% macro cents_to_units(column_name, scale=2) %}
    round({{ column_name }} / 100.0, {{ scale }})
{% endmacro %}`,
  'transform/macros/union_shards.sql': `{% macro union_shards(shard_names) %}
  {% for s in shard_names %}
    select '{{ s }}' as shard, * from {{ source('harbor', s) }}
    {% if not loop.last %}union all{% endif %}
  {% endfor %}
{% endmacro %}`,
  'transform/models/staging/_sources.yml': `version: 2
sources:
  - name: harbor
    schema: "{{ var('raw_schema') }}"
    loader: fivetran
    tables:
      - name: berths
      - name: vessel_calls
        identifier: VESSEL_CALLS_V2
      - name: invoices_eu
      - name: invoices_us
      - name: payments
`,
  'transform/models/staging/stg_berths.sql': `with source as (
    select * from {{ source('harbor', 'berths') }}
),
renamed as (
    select
        id as berth_id,
        name as berth_name,
        port_code
    from source
)
select * from renamed`,
  'transform/models/staging/stg_vessel_calls.sql': `{# the loader writes duplicates on retries; keep the latest #}
select *
from {{ source('harbor', 'vessel_calls') }}
qualify row_number() over (partition by call_id order by _loaded_at desc) = 1`,
  'transform/models/staging/stg_invoices.sql': `{{ union_shards(['invoices_eu', 'invoices_us']) }}`,
  'transform/models/staging/stg_payments.sql': `{%- set cols = adapter.get_columns_in_relation(source('harbor', 'payments')) -%}
select
  {{ dbt_utils.star(from=source('harbor', 'payments'), except=['_fivetran_synced']) }},
  {{ cents_to_units('amount_cents') }} as amount
from {{ source('harbor', 'payments') }}`,
  'transform/models/staging/schema.yml': `version: 2
models:
  - name: stg_berths
    columns:
      - name: berth_id
        tests: [unique, not_null]
  - name: stg_vessel_calls
    columns:
      - name: call_id
        data_tests:
          - unique
          - not_null
      - name: berth_id
        data_tests:
          - relationships:
              arguments:
                to: ref('stg_berths')
                field: berth_id
  - name: stg_payments
    config:
      meta:
        owner: "@harbor/payments-team"
`,
  'transform/models/marts/finance/fct_payments_by_method.sql': `{{ config(alias='payments_by_method') }}
{%- set methods = var('payment_methods') -%}
select
    invoice_id,
    {% for m in methods -%}
    sum(case when payment_method = '{{ m }}' then amount else 0 end) as {{ m }}_amount{% if not loop.last %},{% endif %}
    {% endfor %}
from {{ ref('stg_payments') }}
group by 1`,
  'transform/models/marts/fct_berth_usage.sql': `{{
  config(
    materialized='incremental',
    unique_key=['berth_id', 'call_date'],
    on_schema_change='append_new_columns'
  )
}}
select
    c.berth_id,
    date_trunc('day', c.arrived_at) as call_date,
    count(*) as calls
from {{ ref('stg_vessel_calls') }} as c
inner join {{ ref('stg_berths') }} as b on c.berth_id = b.berth_id
{% if is_incremental() %}
where c.arrived_at > (select max(call_date) from {{ this }})
{% endif %}
group by 1, 2`,
  'transform/models/marts/dim_berths.sql': `select b.*, p.port_name
from {{ ref('stg_berths') }} b
left join {{ ref('ports') }} p using (port_code)`,
  'transform/models/marts/dim_berths_v2.sql': `select * from {{ ref('dim_berths', v=1) }}`,
  'transform/models/marts/fct_invoices.sql': `select * from {{ ref('harbor_analytics', 'stg_invoices') }}`,
  'transform/data/ports.csv': 'port_code,port_name\nRTM,Rotterdam\n',
  'transform/snapshots/berths_snapshot.sql': `{% snapshot berths_snapshot %}
{{ config(target_schema='snapshots', unique_key='berth_id', strategy='timestamp', updated_at='updated_at') }}
select * from {{ source('harbor', 'berths') }}
{% endsnapshot %}`,
};
