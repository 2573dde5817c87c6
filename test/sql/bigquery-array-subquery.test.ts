import { describe, expect, it } from 'vitest';
import { lineageOf, stmt } from './helpers.js';

// preset-io/dbt_github_archive_bigquery's array_from_string macro, rendered (shortened): a column
// built by BigQuery's ARRAY(SELECT .. FROM UNNEST(..)) made the analyzer throw, and the model lost
// every SQL fact (8 models of that repo had no columns, grain or upstream from their SQL).
describe('BigQuery ARRAY(subquery) columns', () => {
  it('are read like any other column, and the model keeps its facts', () => {
    const s = stmt(
      `select id, array(select distinct * from unnest(split(trim(member_ids), ','))) as member_ids, loaded_at,
       from shortcut.groups`,
      'bigquery',
    );
    expect(s.sources).toEqual(['shortcut.groups']);
    expect(s.columns.map((c) => c.name)).toEqual(['id', 'member_ids', 'loaded_at']);
    expect(lineageOf(s, 'id')).toEqual(['shortcut.groups.id']);
  });

  it('beside one, a hash key still determines its inputs', () => {
    const s = stmt(
      `select to_hex(md5(concat(a, '|', b))) as k, a, b, array(select x from unnest(xs) as x) as xs
       from t group by 1, 2, 3, 4`,
      'bigquery',
    );
    expect(s.columns.find((c) => c.name === 'k')?.determines?.columns).toEqual(['a', 'b']);
    expect(s.columns.find((c) => c.name === 'xs')?.determines).toBeUndefined();
  });
});
