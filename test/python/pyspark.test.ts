import { beforeAll, describe, expect, test } from 'vitest';
import type { FileFacts, TableFact } from '../../schemas/facts.js';
import { loadPythonParser, type PythonParser } from '../../enrichers/python/parser.js';
import { pysparkFileFacts } from '../../enrichers/spark/pyspark.js';
import { fixtureRepo } from './fixture-repo.js';

let parser: PythonParser;
let facts: FileFacts;
const FILE = 'jobs/customer_orders.py';
beforeAll(async () => {
  parser = await loadPythonParser();
  facts = pysparkFileFacts(parser, FILE, fixtureRepo.read(FILE));
});
const table = (name: string): TableFact => {
  const t = facts.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in ${facts.tables.map((x) => x.name).join(', ')}`);
  return t;
};
const upstreamOf = (t: TableFact) => t.upstream.map((u) => [u.name, u.source, u.line]);

describe('PySpark job (jobs/customer_orders.py)', () => {
  test('every write is a spark definition', () => {
    expect(facts.tables.map((t) => t.name).sort()).toEqual([
      'marts.customer_latest',
      'marts.daily_country_revenue',
      'marts.paid_by_country',
      'marts.paid_orders',
      'marts.unknown_source',
    ]);
    expect(facts.tables.every((t) => t.kind === 'spark' && t.defines)).toBe(true);
  });

  test('read -> join -> groupBy -> saveAsTable: upstream through variables, grain from groupBy', () => {
    const daily = table('marts.daily_country_revenue');
    expect(upstreamOf(daily)).toEqual([
      ['sales.orders', 'python', 10],
      ['crm.customers', 'python', 11],
    ]);
    expect(daily.grain.map((g) => [g.columns, g.source, g.confidence, g.line])).toEqual([[['order_date', 'country'], 'python', 0.8, 13]]);
  });

  test('column-equality join and dropDuplicates grain through writeTo', () => {
    const paid = table('marts.paid_orders');
    expect(upstreamOf(paid)).toEqual([
      ['sales.orders', 'python', 10],
      ['finance.payments', 'python', 16],
    ]);
    expect(paid.grain.map((g) => g.columns)).toEqual([['order_id']]);
  });

  test('spark.sql over a temp view: lineage passes through the view to its tables', () => {
    const byCountry = table('marts.paid_by_country');
    expect(byCountry.upstream.map((u) => u.name).sort()).toEqual(['crm.customers', 'finance.payments', 'sales.orders']);
    expect(byCountry.grain.map((g) => [g.columns, g.source])).toEqual([[['country'], 'sql']]);
    // the INSERT is on line 22, the line after the opening triple quote
    expect(byCountry.upstream.find((u) => u.name === 'crm.customers')?.line).toBe(22);
  });

  test('Delta merge from a deduplicated DataFrame', () => {
    const latest = table('marts.customer_latest');
    expect(upstreamOf(latest)).toEqual([['crm.customers', 'python', 11]]);
    expect(latest.grain.map((g) => g.columns)).toEqual([['customer_id']]);
  });

  test('joins between the physical tables', () => {
    const edges = facts.joins.map((j) => [j.left.table, j.left.columns, j.right.table, j.right.columns, j.source]);
    expect(edges).toContainEqual(['sales.orders', ['customer_id'], 'crm.customers', ['customer_id'], 'python']);
    expect(edges).toContainEqual(['sales.orders', ['order_id'], 'finance.payments', ['order_id'], 'python']);
  });

  test('a table name from a function parameter is a warning, the write is kept without upstream', () => {
    expect(table('marts.unknown_source').upstream).toEqual([]);
    expect(facts.warnings.map((w) => [w.code, w.line])).toEqual([['unresolved-table-name', 33]]);
  });
});

test('a Python syntax error warns with its line and keeps the writes around it', () => {
  const src = 'df = spark.table("a.src")\ndf.write.saveAsTable("a.dst")\nif x ==:\n    pass\n';
  const f = pysparkFileFacts(parser, 'jobs/bad.py', src);
  expect(f.tables.map((t) => [t.name, t.upstream.map((u) => u.name)])).toEqual([['a.dst', ['a.src']]]);
  expect(f.warnings.map((w) => [w.file, w.line, w.code])).toEqual([['jobs/bad.py', 3, 'python-syntax-error']]);
});

test('spark.sql SELECT held in a DataFrame: its grain and columns go to the table it is saved as', () => {
  const src = [
    'result = spark.sql("""',
    'select customer_id, country from crm.customers',
    'qualify row_number() over (partition by customer_id order by updated_at desc) = 1',
    '""")',
    'result.write.mode("overwrite").saveAsTable("marts.customers")',
    'daily = spark.sql("select country, count(*) as n from crm.customers group by country")',
    'daily.withColumn("k", F.lit(1)).write.saveAsTable("marts.by_country")',
  ].join('\n');
  const f = pysparkFileFacts(parser, 'jobs/sql_frames.py', src);
  const byName = Object.fromEntries(f.tables.map((t) => [t.name, t]));
  expect(byName['marts.customers'].grain.map((g) => [g.columns, g.source])).toEqual([[['customer_id'], 'sql']]);
  expect(byName['marts.customers'].columns.map((c) => c.name)).toEqual(['customer_id', 'country']);
  // withColumn keeps the rows (so the grain) but not the column list
  expect(byName['marts.by_country'].grain.map((g) => g.columns)).toEqual([['country']]);
  expect(byName['marts.by_country'].columns).toEqual([]);
});
