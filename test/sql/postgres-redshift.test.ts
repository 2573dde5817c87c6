import { describe, expect, it } from 'vitest';
import { grainCols, joinPairs, lineageOf, stmt } from './helpers.js';

describe('Postgres / Redshift', () => {
  it('reads CREATE TEMP TABLE with :: casts', () => {
    const s = stmt('CREATE TEMP TABLE stage AS SELECT id::bigint AS id, amount::numeric(10,2) AS amount FROM raw.payments', 'postgres');
    expect(s.temporary).toBe(true);
    expect(s.sources).toEqual(['raw.payments']);
    expect(lineageOf(s, 'amount')).toEqual(['raw.payments.amount']);
  });

  it('Redshift: CTAS with DISTKEY/SORTKEY decorations', () => {
    const s = stmt('CREATE TABLE mart.revenue DISTKEY(customer_id) SORTKEY(day) AS SELECT customer_id, day, SUM(amount) AS revenue FROM raw.payments GROUP BY customer_id, day', 'redshift');
    expect(s.target).toBe('mart.revenue');
    expect(s.sources).toEqual(['raw.payments']);
    expect(grainCols(s)).toEqual([['customer_id', 'day']]);
  });

  it('Redshift: a cast alias lands on the output column', () => {
    const s = stmt('CREATE TEMP TABLE t AS SELECT a::int AS a, b FROM s', 'redshift');
    expect(s.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('INSERT INTO ... (cols) SELECT renames outputs to the target columns', () => {
    const s = stmt('INSERT INTO mart.by_day (day, orders) SELECT created_at::date, COUNT(*) FROM raw.orders GROUP BY 1', 'postgres');
    expect(s.kind).toBe('insert');
    expect(s.columns.map((c) => c.name)).toEqual(['day', 'orders']);
    expect(grainCols(s)).toEqual([['day']]);
    expect(lineageOf(s, 'day')).toEqual(['raw.orders.created_at']);
  });

  it('DDL: column types, PRIMARY KEY as grain, REFERENCES and FOREIGN KEY as joins', () => {
    const s = stmt(
      `CREATE TABLE shop.order_lines (
         order_id INT NOT NULL REFERENCES shop.orders(id),
         line_no INT NOT NULL,
         sku VARCHAR(32),
         warehouse_id INT,
         PRIMARY KEY (order_id, line_no),
         FOREIGN KEY (warehouse_id) REFERENCES shop.warehouses (id)
       ) DISTKEY(order_id)`,
      'redshift',
    );
    expect(s.kind).toBe('create_table');
    expect(s.columns.map((c) => [c.name, c.type])).toEqual([
      ['order_id', 'int'],
      ['line_no', 'int'],
      ['sku', 'varchar(32)'],
      ['warehouse_id', 'int'],
    ]);
    expect(s.grain).toHaveLength(1);
    expect(s.grain[0]).toMatchObject({ columns: ['order_id', 'line_no'], source: 'ddl', confidence: 0.95 });
    expect(joinPairs(s)).toEqual(['shop.order_lines(order_id)=shop.orders(id)', 'shop.order_lines(warehouse_id)=shop.warehouses(id)']);
    expect(s.joins.every((j) => j.source === 'ddl')).toBe(true);
  });

  it('WHERE rn = 1 over a ROW_NUMBER subquery gives the partition keys', () => {
    const s = stmt(
      `INSERT INTO mart.current_address
       SELECT x.customer_id, x.address FROM (
         SELECT customer_id, address, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY valid_from DESC) AS rn
         FROM raw.addresses) x
       WHERE x.rn = 1`,
      'postgres',
    );
    expect(grainCols(s)).toEqual([['customer_id']]);
    expect(s.sources).toEqual(['raw.addresses']);
  });

  it('a multi-column ON becomes one edge with columns in matching order, whichever side each is written on', () => {
    const s = stmt('SELECT 1 FROM a.l JOIN a.r ON l.k1 = r.x1 AND r.x2 = l.k2', 'postgres');
    expect(joinPairs(s)).toEqual(['a.l(k1,k2)=a.r(x1,x2)']);
  });

  it('USING (cols) becomes a join edge', () => {
    const s = stmt('SELECT * FROM s.a JOIN s.b USING (id, day)', 'postgres');
    expect(joinPairs(s)).toEqual(['s.a(id,day)=s.b(id,day)']);
  });
});

describe('statements that read no table', () => {
  it('INSERT ... VALUES has a target, no sources and no warning', () => {
    const s = stmt("INSERT INTO ref.countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France')", 'postgres');
    expect(s).toMatchObject({ kind: 'insert', target: 'ref.countries', sources: [] });
  });

  it('a self-join yields an edge from the table to itself', () => {
    const s = stmt('SELECT e.name, m.name AS manager FROM hr.emp e JOIN hr.emp m ON e.manager_id = m.id', 'postgres');
    expect(joinPairs(s)).toEqual(['hr.emp(manager_id)=hr.emp(id)']);
  });

  it('comma joins state their keys in WHERE', () => {
    const s = stmt('CREATE TABLE m.t AS SELECT a.id, b.x FROM s.a a, s.b b WHERE a.id = b.a_id', 'postgres');
    expect(joinPairs(s)).toEqual(['s.a(id)=s.b(a_id)']);
  });

  it('GROUP BY ROLLUP is not a grain', () => {
    expect(stmt('CREATE TABLE m.r AS SELECT a, COUNT(*) AS n FROM s.t GROUP BY ROLLUP(a)', 'postgres').grain).toEqual([]);
  });

  it('SELECT DISTINCT ON (k) keeps one row per k', () => {
    const s = stmt('CREATE TABLE m.latest AS SELECT DISTINCT ON (c.id) c.id AS customer_id, c.plan FROM s.customers c ORDER BY c.id, c.updated_at DESC', 'postgres');
    expect(grainCols(s)).toEqual([['customer_id']]);
  });

  it('INSERT ... ON CONFLICT (k) DO UPDATE: the query still parses and k is the upsert grain', () => {
    const s = stmt('INSERT INTO m.t (id, v) SELECT id, v FROM s.t ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v', 'postgres');
    expect(s.sources).toEqual(['s.t']);
    expect(s.parsed).toBe(true);
    expect(grainCols(s)).toEqual([['id']]);
    const d = stmt('INSERT INTO m.t SELECT id FROM s.t ON CONFLICT DO NOTHING', 'postgres');
    expect([d.sources, d.grain]).toEqual([['s.t'], []]);
  });

  it('rank() = 1 can keep ties: no grain is claimed', () => {
    expect(stmt('CREATE TABLE m.t AS SELECT id, v FROM (SELECT id, v, RANK() OVER (PARTITION BY id ORDER BY ts DESC) AS r FROM s.t) x WHERE r = 1', 'postgres').grain).toEqual([]);
  });
});
