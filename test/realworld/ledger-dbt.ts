/**
 * A modern dbt project: macros taking lists of tuples (a CTE-per-ref helper), package
 * macros (dbt_utils.group_by, union_relations, surrogate keys), adapter.get_relation
 * guards, an incremental model joining `{{ this }}`, model versions with
 * latest_version, source-level meta owners, a disabled folder, and a Python model.
 */
export const ledgerDbt: Record<string, string> = {
  'dbt_project.yml': `name: ledger
config-version: 2
profile: ledger
model-paths: ["models"]
seed-paths: ["seeds"]
models:
  ledger:
    +materialized: view
    legacy:
      +enabled: false
    marts:
      +materialized: table
`,
  'packages.yml': `packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n`,
  'macros/simple_cte.sql': `{%- macro simple_cte(tuple_list) -%}
WITH {% for cte_and_model in tuple_list %}
{{ cte_and_model[0] }} AS (
    SELECT * FROM {{ ref(cte_and_model[1]) }}
){%- if not loop.last -%},{%- endif -%}
{% endfor %}
{%- endmacro -%}`,
  'macros/grants.sql': `{% macro grant_select(role) %}
  {% set sql %}grant select on {{ this }} to role {{ role }}{% endset %}
  {% do run_query(sql) %}
{% endmacro %}`,
  'models/staging/_ledger__sources.yml': `version: 2
sources:
  - name: ledger_app
    database: raw
    schema: ledger
    config:
      meta:
        owner: platform-ingest
    tables:
      - name: entries
        columns:
          - name: entry_id
            data_tests: [unique]
      - name: accounts
`,
  'models/staging/stg_ledger__entries.sql': `select * from {{ source('ledger_app', 'entries') }}`,
  'models/staging/stg_ledger__accounts.sql': `{%- set relation = adapter.get_relation(database='raw', schema='ledger', identifier='accounts') -%}
{%- if relation is not none %}
select account_id, account_name, currency from {{ source('ledger_app', 'accounts') }}
{%- else %}
select null as account_id
{%- endif %}`,
  'models/marts/account_balances.sql': `{{ config(post_hook="{{ grant_select('reporter') }}") }}
{{ simple_cte([
    ('entries', 'stg_ledger__entries'),
    ('accounts', 'stg_ledger__accounts')
]) }},
balances AS (
  SELECT
    {{ dbt_utils.generate_surrogate_key(['accounts.account_id', 'entries.currency']) }} AS balance_key,
    accounts.account_id,
    entries.currency,
    SUM(entries.amount) AS balance
  FROM entries
  INNER JOIN accounts ON entries.account_id = accounts.account_id
  {{ dbt_utils.group_by(3) }}
)
SELECT * FROM balances`,
  'models/marts/all_entries.sql': `{{ dbt_utils.union_relations(relations=[ref('stg_ledger__entries'), ref('entries_archive')]) }}`,
  'models/marts/entries_archive.sql': `{{ config(materialized='incremental', unique_key='entry_id', incremental_strategy='merge') }}
select e.*
from {{ ref('stg_ledger__entries') }} e
{% if is_incremental() %}
left join {{ this }} existing on existing.entry_id = e.entry_id
where existing.entry_id is null
{% endif %}`,
  'models/marts/fx_forecast.py': `import pandas as pd

def model(dbt, session):
    dbt.config(materialized="table", packages=["pandas"])
    balances = dbt.ref("account_balances").to_pandas()
    rates = dbt.source("ledger_app", "accounts")
    return balances
`,
  'models/marts/_marts.yml': `version: 2
models:
  - name: account_balances
    description: One row per account and currency.
    meta:
      owner: ['finance@ledger.example', '@ledger/fin-data']
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          arguments:
            combination_of_columns: [account_id, currency]
  - name: dim_accounts
    latest_version: 2
    versions:
      - v: 1
      - v: 2
    columns:
      - name: account_id
        tests:
          - unique
          - not_null
  - name: entries_archive
    columns:
      - name: account_id
        tests:
          - relationships:
              to: ref('stg_ledger__accounts')
              field: account_id
`,
  'models/marts/dim_accounts_v1.sql': `select account_id, account_name from {{ ref('stg_ledger__accounts') }}`,
  'models/marts/dim_accounts_v2.sql': `select account_id, account_name, currency from {{ ref('stg_ledger__accounts') }}`,
  'models/marts/account_report.sql': `select * from {{ ref('dim_accounts', version=2) }} d join {{ ref('account_balances') }} b using (account_id)`,
  'models/legacy/old_report.sql': `select * from {{ ref('stg_ledger__entries') }}`,
};
