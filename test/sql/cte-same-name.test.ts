import { describe, expect, it } from 'vitest';
import { stmt } from './helpers.js';

describe('a CTE named like the table it reads', () => {
  it('a plain CTE reads the table outside: `with orders as (select * from orders)`', () => {
    // proves: dbt's staging idiom (`with orders as (select * from {{ ref('orders') }})`, the ref
    // rendered bare) reads the table, so its lineage and its keys reach the query
    const s = stmt(
      `create table mart.t as
       with orders as (select order_id, count(*) as n from orders group by order_id)
       select * from orders`,
      'duckdb',
    );
    expect(s.sources).toEqual(['orders']);
    expect(s.grain.map((g) => g.columns)).toEqual([['order_id']]);
  });

  it('a recursive CTE\'s own name stays the CTE, not a table', () => {
    // proves: WITH RECURSIVE self-references are not read as a physical table
    const s = stmt(
      `create table mart.t as
       with recursive tree as (select id, parent_id from raw.nodes union all select n.id, n.parent_id from raw.nodes n join tree t on n.parent_id = t.id)
       select * from tree`,
      'duckdb',
    );
    expect(s.sources).toEqual(['raw.nodes']);
  });
});
