import { describe, expect, it } from 'vitest';
import { DbtRenderer, type RenderHooks } from '../../enrichers/dbt/jinja-renderer.js';

function render(content: string) {
  const renderer = new DbtRenderer({}, [], 'p');
  const config: Record<string, unknown> = {};
  const hooks: RenderHooks = {
    ref: (args) => args[args.length - 1],
    source: (s, t) => `${s}.${t}`,
    config: (settings) => Object.assign(config, settings),
    snapshot: () => undefined,
    self: () => 'this_model',
  };
  const result = renderer.render('models/m.sql', content, hooks);
  return { ...result, config, sqlText: (result.sql ?? '').replace(/\s+/g, ' ').trim() };
}

describe('a `}}` inside an open bracket closes the bracket, as Jinja lexes it', () => {
  it('nested dicts in config() (FlipsideCrypto/near-models, defi__ez_bridge_activity.sql)', () => {
    // proves: `}} }` after nested dicts does not end the tag early; the config is read and the model renders
    const r = render(`{{ config(
    materialized = 'view',
    meta ={ 'database_tags':{ 'table':{ 'PURPOSE': 'DEFI, BRIDGING' }} },
    tags = ['scheduled_non_core']
) }}
select block_id from {{ ref('silver__bridge') }}`);
    expect(r.error).toBeUndefined();
    expect(r.config).toMatchObject({ materialized: 'view', tags: ['scheduled_non_core'], meta: { database_tags: { table: { PURPOSE: 'DEFI, BRIDGING' } } } });
    expect(r.sqlText).toBe('select block_id from silver__bridge');
  });

  it('a slice inside a call still ends the tag (Spider2 pendo001 int_pendo__calendar_spine.sql)', () => {
    // proves: nunjucks re-reads `first_date[0:10]` after trying it as a list; the bracket count follows the rewind
    const r = render(`{% set first_date = "2016-01-01" %}select {{ dbt.concat(["cast('" ~ first_date[0:10] ~ "' as date)", "'x'"]) }} as d`);
    expect(r.error).toBeUndefined();
    expect(r.sqlText).toContain("2016-01-01");
  });

  it('a dict closing right at the tag end and inside a block tag', () => {
    // proves: `{{ {'a': 1}}}`-style endings and `{% set x = {'a': {'b': 1}} %}` still close the tag where Jinja does
    const r = render(`{% set opts = {'a': {'b': 'x'}} %}select '{{ opts.a.b }}' as v, {{ {'k': 'y'}['k']}} as w`);
    expect(r.error).toBeUndefined();
    expect(r.sqlText).toBe("select 'x' as v, y as w");
  });
});
