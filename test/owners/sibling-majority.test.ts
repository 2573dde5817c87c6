import { describe, expect, it } from 'vitest';
import { folderOf, siblingMajorityOwners } from '../../enrichers/owners/sibling-majority.js';
import { folderTable, table, declared } from './owner-fixtures.js';

describe('siblingMajorityOwners', () => {
  it('a table without owners gets the owner most tables in its dataset folder declare, scaled by share', () => {
    // proves: 3 of 4 siblings declaring ana -> ana, at 0.6 x 3/4 x 4/5 = 0.36, with the runner-up below
    const out = siblingMajorityOwners([
      folderTable('orders_derived', 'a_v1', ['ana@shop.test']),
      folderTable('orders_derived', 'b_v1', ['ana@shop.test']),
      folderTable('orders_derived', 'c_v1', ['ana@shop.test', 'raj@shop.test']),
      folderTable('orders_derived', 'd_v1', ['raj@shop.test']),
      folderTable('orders_derived', 'orphan_v1'),
      folderTable('billing_derived', 'x_v1', ['zoe@shop.test']),
    ]);
    const owners = out.get('shop-prod.orders_derived.orphan_v1')!;
    expect(owners.map((o) => o.id)).toEqual(['ana@shop.test', 'raj@shop.test']);
    expect(owners[0]).toMatchObject({ source: 'heuristic', confidence: 0.36 });
    expect(owners[0].detail).toContain('3 of 4 sibling tables');
  });

  it('tables that declare an owner get nothing inferred', () => {
    // proves: inference only fills a gap, never adds to a declaration
    const out = siblingMajorityOwners([folderTable('d', 'a', ['ana@shop.test']), folderTable('d', 'b', ['raj@shop.test'])]);
    expect(out.size).toBe(0);
  });

  it('the most frequent owner of a many-owner dataset answers, however small its share', () => {
    // proves: 2 of 7 siblings (under a third) is still the best guess -> kim, weakly (0.6 x 2/7 x 7/8 = 0.15); the runners-up are dropped
    const out = siblingMajorityOwners([
      folderTable('d', 'a', ['kim@x.test']),
      folderTable('d', 'b', ['kim@x.test']),
      ...['c', 'e', 'f', 'g', 'h'].map((n) => folderTable('d', n, [`${n}@x.test`])),
      folderTable('d', 'orphan'),
    ]);
    expect(out.get('shop-prod.d.orphan')).toEqual([expect.objectContaining({ id: 'kim@x.test', confidence: 0.15 })]);
  });

  it('owners tied for most frequent under a third are no majority', () => {
    // proves: four different owners among four siblings infer nothing
    const out = siblingMajorityOwners([
      folderTable('d', 'a', ['a@x.test']),
      folderTable('d', 'b', ['b@x.test']),
      folderTable('d', 'c', ['c@x.test']),
      folderTable('d', 'e', ['e@x.test']),
      folderTable('d', 'orphan'),
    ]);
    expect(out.get('shop-prod.d.orphan')).toBeUndefined();
  });

  it('siblings in the same DAG count when the folders differ', () => {
    // proves: the DAG level groups tables from different folders that one DAG schedules
    const out = siblingMajorityOwners([
      table('p.a.t1', { files: ['etl/a/t1.sql'], tags: ['dag:nightly'], declared: [declared('kim@x.test')] }),
      table('p.b.t2', { files: ['etl/b/t2.sql'], tags: ['dag:nightly'], declared: [declared('kim@x.test')] }),
      table('p.c.t3', { files: ['etl/c/t3.sql'], tags: ['dag:nightly'] }),
    ]);
    expect(out.get('p.c.t3')?.[0]).toMatchObject({ id: 'kim@x.test' });
    expect(out.get('p.c.t3')?.[0].detail).toContain('DAG');
  });

  it('the folder of a folder-per-table table is the dataset folder; of a dbt model, its own folder', () => {
    // proves: sibling folders are found one level up only for folder-per-table layouts
    expect(folderOf(folderTable('d', 't'))).toBe('sql/shop-prod/d');
    expect(folderOf(table('m', { kind: 'dbt model', files: ['models/marts/m.sql', 'models/marts/_models.yml'] }))).toBe('models/marts');
  });
});
