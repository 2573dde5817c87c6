import { describe, expect, it } from 'vitest';
import { dbtModelFiles } from '../../cli/eval/dbt-models.js';
import { loadPythonParser } from '../../enrichers/python/parser.js';

/** The eval's answer for models and ref-level lineage follows what dbt's manifest records. */
describe('dbtModelFiles follows dbt', () => {
  // shaped on tuva: `data_quality: +enabled: "{{ var('enable_data_quality', false) | as_bool }}"`, the var set false
  const project = `name: app
vars:
  enable_data_quality: false
models:
  app:
    data_quality:
      +enabled: "{{ var('enable_data_quality', false) | as_bool }}"
`;

  it('leaves out a model the project disables through its own vars', () => {
    // proves: a disabled model is neither "to be found" nor a source of expected lineage edges
    const models = dbtModelFiles(
      new Map([
        ['dbt_project.yml', project],
        ['models/data_quality/dq_claims.sql', "select * from {{ ref('claims') }}"],
        ['models/claims.sql', 'select 1 as claim_id'],
      ]),
    );
    expect(models.map((m) => m.file)).toEqual(['models/claims.sql']);
  });

  it('counts the refs of the branches dbt renders, including refs built in a loop', () => {
    // proves: a ref inside `{% if var('clinical_enabled', False) %}` (unset, so False) is not expected;
    // refs made from a list in a for loop are
    const models = dbtModelFiles(
      new Map([
        ['dbt_project.yml', project],
        [
          'models/all_metrics.sql',
          `{% if var('clinical_enabled', False) %}select * from {{ ref('clinical') }}{% else %}select * from {{ ref('claims') }}{% endif %}
{% for m in ['metric_a', 'metric_b'] %} union all select * from {{ ref('metric__' ~ m) }}{% endfor %}`,
        ],
      ]),
    );
    expect(models[0].reads.sort()).toEqual(['claims', 'metric__metric_a', 'metric__metric_b']);
    // proves: the renderer-independent answer keeps every call written, the untaken branch's too
    expect(models[0].written.sort()).toEqual(['claims', 'clinical']);
  });

  it('reads a model that does not render literally', () => {
    // proves: a Jinja error does not lose the model or its written refs from the answer
    const models = dbtModelFiles(new Map([['dbt_project.yml', 'name: app\n'], ['models/broken.sql', "{% if %}select * from {{ ref('a') }}"]]));
    expect(models).toEqual([{ file: 'models/broken.sql', reads: ['a'], written: ['a'] }]);
  });
  it('leaves out a Python model that disables itself with dbt.config(enabled=False)', async () => {
    // proves: dbt-labs/dbt-meshify's split_proj customer_status_histories.py, which dbt lists as disabled,
    // is no model to find; an enabled Python model still is, with its dbt.ref() reads
    const disabled = `import pandas as pd

def model(dbt, session):
    dbt.config(enabled=False, materialized="table", packages=["pandas==1.5.2"])
    orders_relation = dbt.ref("stg_orders")
    return orders_relation.df()
`;
    const enabled = `def model(dbt, session):
    return dbt.ref("stg_orders").df()
`;
    const models = dbtModelFiles(
      new Map([
        ['dbt_project.yml', 'name: split_proj\n'],
        ['models/marts/customer_status_histories.py', disabled],
        ['models/marts/order_days.py', enabled],
      ]),
      await loadPythonParser(),
    );
    expect(models.map((m) => [m.file, m.reads])).toEqual([['models/marts/order_days.py', ['stg_orders']]]);
  });
});
