import { describe, expect, it } from 'vitest';
import { grainCols, joinPairs, lineageOf, sorted, stmt } from './helpers.js';

describe('DuckDB and dialect-neutral lineage', () => {
  it('resolves nested CTEs, derived tables and subqueries in WHERE to physical tables', () => {
    const s = stmt(
      `CREATE TABLE mart.t AS
       WITH a AS (SELECT id, v FROM raw.one),
            b AS (SELECT a.id, a.v, t2.w FROM a JOIN (SELECT id, w FROM raw.two) t2 ON a.id = t2.id)
       SELECT b.id, b.v + b.w AS total FROM b
       WHERE b.id IN (SELECT id FROM raw.allowed)`,
      'duckdb',
    );
    expect(sorted(s.sources)).toEqual(['raw.allowed', 'raw.one', 'raw.two']);
    expect(lineageOf(s, 'total')).toEqual(['raw.one.v', 'raw.two.w']);
    expect(joinPairs(s)).toEqual(['raw.one(id)=raw.two(id)']);
  });

  it('a recursive CTE is not a table', () => {
    const s = stmt(
      `CREATE TABLE mart.tree AS
       WITH RECURSIVE r AS (SELECT id, parent_id FROM raw.nodes WHERE parent_id IS NULL
                            UNION ALL SELECT n.id, n.parent_id FROM raw.nodes n JOIN r ON n.parent_id = r.id)
       SELECT id FROM r`,
      'duckdb',
    );
    expect(s.sources).toEqual(['raw.nodes']);
  });

  it('UNION ALL and plain projections give no grain', () => {
    expect(stmt('CREATE TABLE m.u AS SELECT id FROM r.a UNION ALL SELECT id FROM r.b', 'duckdb').grain).toEqual([]);
    expect(stmt('CREATE TABLE m.p AS SELECT id, name FROM r.a', 'duckdb').grain).toEqual([]);
    expect(sorted(stmt('CREATE TABLE m.u AS SELECT id FROM r.a UNION ALL SELECT id FROM r.b', 'duckdb').sources)).toEqual(['r.a', 'r.b']);
  });

  it('GROUP BY an expression maps to the alias of the same expression', () => {
    const s = stmt("CREATE TABLE m.monthly AS SELECT date_trunc('month', ts) AS month, COUNT(*) AS n FROM r.events GROUP BY date_trunc('month', ts)", 'duckdb');
    expect(grainCols(s)).toEqual([['month']]);
  });

  it('GROUP BY a column not in the output gives no grain rather than a wrong one', () => {
    const s = stmt('CREATE TABLE m.x AS SELECT SUM(v) AS total FROM r.a GROUP BY k', 'duckdb');
    expect(s.grain).toEqual([]);
  });

  it('lineage passes through SELECT * from a CTE over a physical table', () => {
    const s = stmt('CREATE TABLE m.y AS WITH src AS (SELECT * FROM raw.orders) SELECT src.id, src.amount * 2 AS doubled FROM src', 'duckdb');
    expect(lineageOf(s, 'doubled')).toEqual(['raw.orders.amount']);
  });
});
