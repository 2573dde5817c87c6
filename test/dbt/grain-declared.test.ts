import { describe, expect, it } from 'vitest';
import { grainOf } from '../helpers/dbt-grain.js';

describe('declared grain from the dbt config and model contracts', () => {
  it('an incremental unique_key list is declared grain, over what the SQL suggests', async () => {
    // proves: config(unique_key=[..]) reaches the grain as a declaration (>= 0.9) and beats GROUP BY
    const g = await grainOf({
      'models/sessions.sql': `{{ config(materialized='incremental', unique_key=['session_id', 'day']) }}
select session_id, day, user_id, count(*) as hits from {{ source('web', 'hits') }} group by 1, 2, 3`,
    }, 'sessions');
    expect(g?.columns).toEqual(['session_id', 'day']);
    expect(g?.source).toBe('dbt-yaml');
    expect(g?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('a column-level primary_key constraint is the grain', async () => {
    // proves: `constraints: [{type: primary_key}]` on a column is read as declared grain
    const g = await grainOf({
      'models/plans.sql': `select plan_code, price from {{ source('s', 'plans') }}`,
      'models/plans.yml': `version: 2
models:
  - name: plans
    config: {contract: {enforced: true}}
    columns:
      - name: plan_code
        data_type: text
        constraints:
          - type: not_null
          - type: primary_key
      - name: price
        data_type: numeric
`,
    }, 'plans');
    expect(g?.columns).toEqual(['plan_code']);
    expect(g?.detail).toBe('primary_key constraint');
    expect(g?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('a model-level primary_key constraint over two columns is the grain', async () => {
    // proves: model-level constraints with a column list become a composite declared grain
    const g = await grainOf({
      'models/rates.sql': `select currency, day, rate from {{ source('fx', 'rates') }}`,
      'models/rates.yml': `version: 2
models:
  - name: rates
    constraints:
      - type: primary_key
        columns: [currency, day]
      - type: check
        expression: "rate > 0"
`,
    }, 'rates');
    expect(g?.columns).toEqual(['currency', 'day']);
    expect(g?.source).toBe('dbt-yaml');
  });

  it('dbt_expectations uniqueness tests are declared grain; a test with a where or row_condition is not', async () => {
    // proves: the pipeline reads the same uniqueness tests as `grainline eval`'s answer key
    // (enrichers/dbt/yaml-tests.ts), and a conditional test, true of some rows only, is no grain
    const yml = (tests: string) => `version: 2
models:
  - name: visits
${tests}`;
    const sql = `select visit_id, day, page, n from {{ source('web', 'visits') }}`;
    const compound = await grainOf({
      'models/visits.sql': sql,
      'models/visits.yml': yml(`    data_tests:
      - dbt_expectations.expect_compound_columns_to_be_unique:
          column_list: [day, page]
`),
    }, 'visits');
    expect(compound?.columns).toEqual(['day', 'page']);
    expect(compound?.confidence).toBeGreaterThanOrEqual(0.9);
    const column = await grainOf({
      'models/visits.sql': sql,
      'models/visits.yml': yml(`    columns:
      - name: visit_id
        tests: [dbt_expectations.expect_column_values_to_be_unique]
`),
    }, 'visits');
    expect(column?.columns).toEqual(['visit_id']);
    expect(column?.confidence).toBeGreaterThanOrEqual(0.9);
    const conditional = await grainOf({
      'models/visits.sql': sql,
      'models/visits.yml': yml(`    columns:
      - name: page
        tests:
          - unique:
              config:
                where: "day = current_date"
`),
    }, 'visits');
    expect(conditional?.columns ?? []).not.toEqual(['page']);
  });
});

