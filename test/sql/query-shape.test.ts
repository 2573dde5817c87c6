import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../enrichers/sql/query-shape.js';

const cols = (xs: { table: string; column: string }[]) => xs.map((c) => `${c.table}.${c.column}`).sort();

describe('analyzeQuery (query logs)', () => {
  it('attributes columns and filters to tables through aliases', () => {
    const q = analyzeQuery(
      "SELECT o.id, c.name FROM shop.orders o JOIN shop.customers c ON o.customer_id = c.id WHERE o.status = 'paid' AND c.country = 'DE'",
    );
    expect(q.parsed).toBe(true);
    expect(q.tables.sort()).toEqual(['shop.customers', 'shop.orders']);
    expect(cols(q.columns)).toEqual(['shop.customers.country', 'shop.customers.name', 'shop.orders.id', 'shop.orders.status']);
    expect(cols(q.filters)).toEqual(['shop.customers.country', 'shop.orders.status']);
    expect(q.joins.map((j) => `${j.left.table}.${j.left.columns}=${j.right.table}.${j.right.columns}`)).toEqual([
      'shop.orders.customer_id=shop.customers.id',
    ]);
    expect(q.joins[0].source).toBe('usage');
    expect(q.selectStar).toBe(false);
    expect(q.limit).toBeUndefined();
  });

  it('recognizes exploratory SELECT * ... LIMIT n', () => {
    const q = analyzeQuery('select * from analytics.events limit 10;');
    expect(q.tables).toEqual(['analytics.events']);
    expect(q.selectStar).toBe(true);
    expect(q.limit).toBe(10);
  });

  it('handles BigQuery backticks and QUALIFY', () => {
    const q = analyzeQuery('SELECT user_id FROM `p.d.sessions` QUALIFY ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts) = 1', 'bigquery');
    expect(q.parsed).toBe(true);
    expect(q.tables).toEqual(['p.d.sessions']);
    expect(cols(q.columns)).toEqual(['p.d.sessions.user_id']);
  });

  it('falls back to the scanner on unparsable text', () => {
    const q = analyzeQuery('SELECT ?? FROM logs.raw_hits WHERE');
    expect(q.parsed).toBe(false);
    expect(q.tables).toEqual(['logs.raw_hits']);
  });

  it('returns the remembered answer for the same query with different whitespace', () => {
    const a = analyzeQuery('SELECT a FROM t.x WHERE b = 1');
    const b = analyzeQuery('SELECT a\n  FROM t.x\n WHERE b = 1');
    expect(b).toBe(a);
  });
});
