import { describe, expect, it } from 'vitest';
import { builtGrainAnswers, renderGrainAnswers, unquoteIdentifier } from '../../cli/eval/grain-answers.js';
import type { GrainTruth } from '../../cli/eval/declarations.js';

// tuva-health/tuva writes the `plan` column of its keys through a macro (plan is a reserved
// word on Fabric): macros/cross_database_utils/quote_column.sql, and inline in the YAML.
const QUOTE_COLUMN = `{% macro quote_column(column_name) %}
    {%- if target.type == 'fabric' -%}
        [{{ column_name }}]
    {%- else -%}
        {{ column_name }}
    {%- endif -%}
{% endmacro %}`;

const files = () =>
  new Map([
    ['dbt_project.yml', 'name: the_tuva_project\nversion: "1.0"\nmacro-paths: ["macros"]\n'],
    ['macros/cross_database_utils/quote_column.sql', QUOTE_COLUMN],
    ['models/core/core.yml', 'models: []'],
    ['models/core/core__person_id_crosswalk.sql', 'select 1'],
    ['seeds/terminology__icd_10.csv', 'icd_10_cm\n'],
    ['snapshots/orders_snapshot.sql', '{% snapshot orders_snapshot %} select 1 {% endsnapshot %}'],
  ]);

const truth = (name: string, keys: string[][]): GrainTruth => ({ name, style: 'dbt', file: 'models/core/core.yml', keys });

describe('grain answers as dbt runs them', () => {
  it('renders Jinja in key columns with the project macros, and unquotes identifiers', () => {
    // proves: dbt renders test arguments; the key is the column plan, not the template text
    const out = renderGrainAnswers(files(), [
      truth('core__person_id_crosswalk', [['person_id', '{{ quote_column("plan") }}', `{{ '"plan"' if (target.type == 'fabric') else 'plan' }}`, '"payer"']]),
    ]);
    expect(out[0].keys).toEqual([['person_id', 'plan', 'plan', 'payer']]);
  });

  it('leaves plain keys alone', () => {
    const g = truth('x', [['a', 'b']]);
    expect(renderGrainAnswers(files(), [g])[0]).toBe(g);
    expect(unquoteIdentifier('[plan]')).toBe('plan');
    expect(unquoteIdentifier('`plan`')).toBe('plan');
  });

  it('keeps answers on built models, seeds and snapshots; sets apart the rest', () => {
    // proves: a test on a model with no SQL file (Spider2 examples declare package models they do not ship) is not scored
    const models = [{ file: 'models/core/core__person_id_crosswalk.sql', reads: [], written: [] }];
    const { kept, notBuilt } = builtGrainAnswers(
      files(),
      [truth('core__person_id_crosswalk', [['a']]), truth('terminology__icd_10', [['icd_10_cm']]), truth('orders_snapshot', [['id']]), truth('shopify__orders', [['order_id']])],
      models,
    );
    expect(kept.map((g) => g.name)).toEqual(['core__person_id_crosswalk', 'terminology__icd_10', 'orders_snapshot']);
    expect(notBuilt.map((g) => g.name)).toEqual(['shopify__orders']);
  });
});
