import { describe, expect, it } from 'vitest';
import { FileFacts } from '../../schemas/facts.js';
import { sqlFileFacts } from '../../enrichers/sql/file-facts.js';

const script = `-- nightly revenue job
CREATE TEMP TABLE paid AS
SELECT p.order_id, p.amount FROM raw.payments p WHERE p.status = 'paid';

CREATE TABLE staging_orders AS
SELECT o.id AS order_id, o.customer_id, c.region
FROM raw.orders o JOIN raw.customers c ON o.customer_id = c.id;

INSERT INTO mart.revenue_by_region
SELECT s.region, SUM(paid.amount) AS revenue
FROM staging_orders s JOIN paid ON s.order_id = paid.order_id
GROUP BY s.region;

DROP TABLE staging_orders;
`;

describe('sqlFileFacts', () => {
  const facts = sqlFileFacts('jobs/revenue.sql', script, { dialect: 'postgres' });

  it('is valid FileFacts', () => {
    expect(() => FileFacts.parse(facts)).not.toThrow();
  });

  it('drops temp tables (TEMP, and created-then-dropped) from the catalog and passes lineage through them', () => {
    expect(facts.tables.map((t) => t.name)).toEqual(['mart.revenue_by_region']);
    const t = facts.tables[0];
    expect(t.kind).toBe('sql job');
    expect(t.defines).toBe(true);
    expect(t.upstream.map((u) => u.name).sort()).toEqual(['raw.customers', 'raw.orders', 'raw.payments']);
    expect(t.upstream.every((u) => u.source === 'sql' && u.confidence === 0.95 && u.file === 'jobs/revenue.sql' && u.line === 9)).toBe(true);
    expect(t.grain.map((g) => g.columns)).toEqual([['region']]);
    expect(t.columns.find((c) => c.name === 'revenue')?.lineage).toEqual(['raw.payments.amount']);
    expect(t.columns.find((c) => c.name === 'region')?.lineage).toEqual(['raw.customers.region']);
  });

  it('resolves joins on temp tables to the physical columns they carry', () => {
    const pairs = facts.joins.map((j) => `${j.left.table}(${j.left.columns})=${j.right.table}(${j.right.columns})`);
    expect(pairs.sort()).toEqual(['raw.orders(customer_id)=raw.customers(id)', 'raw.orders(id)=raw.payments(order_id)']);
  });

  it('kinds: view, ddl, and DDL followed by INSERT is a sql job with typed columns', () => {
    const f = sqlFileFacts(
      'ddl.sql',
      `CREATE VIEW v.active AS SELECT id FROM t.users WHERE active;
       CREATE TABLE t.plain (id INT PRIMARY KEY, name TEXT);
       CREATE TABLE t.loaded (id INT, total NUMERIC);
       INSERT INTO t.loaded SELECT id, SUM(x) FROM t.src GROUP BY id;`,
      { dialect: 'postgres' },
    );
    const byName = Object.fromEntries(f.tables.map((t) => [t.name, t]));
    expect(byName['v.active'].kind).toBe('view');
    expect(byName['t.plain'].kind).toBe('ddl');
    expect(byName['t.plain'].grain[0]).toMatchObject({ columns: ['id'], source: 'ddl' });
    expect(byName['t.loaded'].kind).toBe('sql job');
    expect(byName['t.loaded'].columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'int'],
      ['total', 'numeric'],
    ]);
    expect(byName['t.loaded'].upstream.map((u) => u.name)).toEqual(['t.src']);
  });

  it('#temp tables and a target read back later in the same script', () => {
    const f = sqlFileFacts(
      'r.sql',
      `CREATE TABLE #stage AS SELECT a FROM raw.one;
       INSERT INTO mart.out SELECT a FROM #stage;
       INSERT INTO mart.audit SELECT COUNT(*) AS n FROM mart.out;`,
      { dialect: 'redshift' },
    );
    const byName = Object.fromEntries(f.tables.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['mart.audit', 'mart.out']);
    expect(byName['mart.out'].upstream.map((u) => u.name)).toEqual(['raw.one']);
    expect(byName['mart.audit'].upstream.map((u) => u.name)).toEqual(['mart.out']);
  });

  it('DROP IF EXISTS before CREATE rebuilds a real table; a drop after the create makes it scratch', () => {
    const f = sqlFileFacts(
      'rebuild.sql',
      `drop table if exists mart.daily;
       create table mart.daily as select order_date, count(*) as n from raw.orders group by 1;
       create table mart.scratch as select order_date from mart.daily;
       insert into mart.weekly select order_date from mart.scratch;
       drop table mart.scratch;`,
      { dialect: 'postgres' },
    );
    const byName = Object.fromEntries(f.tables.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['mart.daily', 'mart.weekly']);
    expect(byName['mart.daily'].grain.map((g) => g.columns)).toEqual([['order_date']]);
    expect(byName['mart.weekly'].upstream.map((u) => u.name)).toEqual(['mart.daily']);
  });

  it('a column type no grammar knows keeps the PRIMARY KEY and FOREIGN KEY constraints', () => {
    const f = sqlFileFacts(
      'raw.sql',
      `create table if not exists \`raw.orders\` (
         order_id STRING,
         customer_id STRING,
         promo_codes ARRAY<STRING>,
         primary key (order_id),
         foreign key (customer_id) references \`raw.customers\` (customer_id)
       );`,
      { dialect: 'bigquery' },
    );
    const t = f.tables[0];
    expect(t.columns.map((c) => c.name)).toEqual(['order_id', 'customer_id', 'promo_codes']);
    expect(t.grain.map((g) => [g.columns, g.source])).toEqual([[['order_id'], 'ddl']]);
    expect(f.joins.map((j) => `${j.left.table}(${j.left.columns})=${j.right.table}(${j.right.columns})`)).toEqual(['raw.orders(customer_id)=raw.customers(customer_id)']);
    expect(f.warnings.map((w) => w.code)).toEqual(['sql-ddl-unparsed']);
  });

  it('unparsable statements give heuristic upstream with low confidence and a warning', () => {
    const f = sqlFileFacts('b.sql', 'INSERT INTO mart.x SELECT a,, FROM raw.y JOIN raw.z ON', { dialect: 'postgres' });
    expect(f.tables[0].upstream.map((u) => [u.name, u.source, u.confidence])).toEqual([
      ['raw.y', 'heuristic', 0.4],
      ['raw.z', 'heuristic', 0.4],
    ]);
    expect(f.warnings[0]).toMatchObject({ file: 'b.sql', line: 1, code: 'sql-parse-failed' });
  });
});
