import { beforeAll, describe, expect, test } from 'vitest';
import type { FileFacts, TableFact } from '../../schemas/facts.js';
import { airflowFileFacts } from '../../enrichers/python/airflow.js';
import { airflowOwners } from '../../enrichers/python/airflow-owners.js';
import { loadPythonParser, type PythonParser } from '../../enrichers/python/parser.js';
import { fixtureRepo } from './fixture-repo.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const analyze = (file: string, listFiles?: string[]): FileFacts =>
  airflowFileFacts(parser, file, fixtureRepo.read(file), { readFile: fixtureRepo.readFile, listFiles });
const table = (facts: FileFacts, name: string): TableFact => {
  const t = facts.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in ${facts.tables.map((x) => x.name).join(', ')}`);
  return t;
};
const upstreamOf = (t: TableFact) => t.upstream.map((u) => [u.name, u.file, u.line]);

describe('classic operators (dags/orders_dag.py)', () => {
  let facts: FileFacts;
  beforeAll(() => {
    facts = analyze('dags/orders_dag.py');
  });

  test('writes exactly the tables its SQL builds, as airflow definitions', () => {
    expect(facts.tables.filter((t) => t.defines).map((t) => t.name).sort()).toEqual([
      'acme.sales.order_revenue',
      'analytics.customer_dim',
      'analytics.daily_orders',
      'marts.orders_snapshot',
    ]);
    expect(facts.tables.every((t) => !t.defines || t.kind === 'airflow')).toBe(true);
    expect(facts.warnings).toEqual([]);
  });

  test('module-constant SQL with Jinja: params substituted, evidence at the literal line', () => {
    const daily = table(facts, 'analytics.daily_orders');
    // INSERT starts on line 19, the first line inside DAILY_SQL's triple quotes
    expect(upstreamOf(daily)).toEqual([
      ['raw.orders', 'dags/orders_dag.py', 19],
      ['raw.customers', 'dags/orders_dag.py', 19],
    ]);
    expect(daily.grain.map((g) => g.columns)).toEqual([['order_date', 'country']]);
    expect(daily.descriptions.map((d) => d.text)).toEqual(['Orders per day and country.', 'Daily order rollups for the finance dashboards.']);
    expect(daily.tags).toEqual(['airflow:dag=orders_daily', 'airflow:task=daily_orders']);
  });

  test('default_args owner and email become airflow owners, the alert address below the owner', () => {
    const owners = table(facts, 'analytics.daily_orders').owners.map((o) => [o.id, o.kind, o.source, o.confidence]);
    expect(owners).toEqual([
      ['finance-data', 'team', 'airflow', 0.7],
      ['jane.doe@acme.com', 'user', 'airflow', 0.35],
    ]);
  });

  test('a placeholder task owner is nobody; the DAG email still applies', () => {
    expect(table(facts, 'analytics.customer_dim').owners.map((o) => [o.id, o.detail])).toEqual([['jane.doe@acme.com', 'default_args.email']]);
    expect(table(facts, 'marts.orders_snapshot').owners.map((o) => o.id)).toEqual(['bob.smith', 'jane.doe@acme.com']);
  });

  test('external .sql through a deployment template_searchpath, evidence in the .sql file', () => {
    expect(upstreamOf(table(facts, 'analytics.customer_dim'))).toEqual([['analytics.customers_clean', 'dags/sql/refresh_customers.sql', 2]]);
  });

  test('BigQueryInsertJobOperator: query and destinationTable from the configuration dict', () => {
    const revenue = table(facts, 'acme.sales.order_revenue');
    expect(upstreamOf(revenue)).toEqual([['acme.sales.payments', 'dags/orders_dag.py', 45]]);
    expect(revenue.grain.map((g) => g.columns)).toEqual([['order_id']]);
  });

  test('f-string with a module constant', () => {
    expect(table(facts, 'marts.orders_snapshot').upstream.map((u) => u.name)).toEqual(['raw.orders']);
  });

  test('task ordering recorded as tags: list fan-out and chain()', () => {
    expect(table(facts, 'analytics.customer_dim').tags).toContain('airflow:after=daily_orders');
    expect(table(facts, 'acme.sales.order_revenue').tags).toContain('airflow:after=daily_orders');
    expect(table(facts, 'marts.orders_snapshot').tags).not.toContain('airflow:after=daily_orders');
  });

  test('a read-only check task is a consumer of what it reads', () => {
    const daily = table(facts, 'analytics.daily_orders');
    expect(daily.consumers.map((c) => [c.name, c.type, c.line])).toEqual([['orders_daily.check_orders', 'airflow task', 59]]);
  });

  test('joins from the SQL', () => {
    expect(facts.joins.map((j) => [j.left.table, j.left.columns, j.right.table, j.right.columns])).toEqual([
      ['raw.orders', ['customer_id'], 'raw.customers', ['id']],
    ]);
  });
});

describe('TaskFlow (dags/taskflow_dag.py)', () => {
  test('hook SQL, temp table across tasks, @dag docstring, TaskFlow ordering', () => {
    const facts = analyze('dags/taskflow_dag.py');
    expect(facts.tables.map((t) => t.name)).toEqual(['marts.active_users']);
    const users = facts.tables[0];
    // `recent` is a temp table: lineage passes through it to raw.events (line 14)
    expect(upstreamOf(users)).toEqual([['raw.events', 'dags/taskflow_dag.py', 14]]);
    expect(users.grain.map((g) => g.columns)).toEqual([['user_id', 'event_date']]);
    expect(users.descriptions.map((d) => d.text)).toEqual(['Who was active yesterday.']);
    // owner="data" on the task overrides default_args, and is a placeholder
    expect(users.owners).toEqual([]);
    expect(users.tags).toEqual(['airflow:dag=user_activity', 'airflow:task=publish', 'airflow:after=stage']);
  });
});

test('owners: comma-separated lists, placeholders dropped, addresses lower-cased', () => {
  const owners = airflowOwners('airflow, growth-analytics,ana.lopez', ['X@Acme.com', 'not-an-address'], { file: 'f.py', line: 3 }, 'default_args');
  expect(owners.map((o) => [o.id, o.kind, o.detail])).toEqual([
    ['growth-analytics', 'team', 'default_args.owner'],
    ['ana.lopez', 'user', 'default_args.owner'],
    ['x@acme.com', 'user', 'default_args.email'],
  ]);
});

describe('bad input (dags/broken_dag.py)', () => {
  test('syntax error and missing .sql become warnings; the good task is kept', () => {
    const facts = analyze('dags/broken_dag.py');
    expect(facts.tables.find((t) => t.name === 'stage.items')?.upstream.map((u) => u.name)).toEqual(['raw.items']);
    expect(facts.tables.find((t) => t.name === 'stage.items')?.owners.map((o) => o.id)).toEqual(['ops-team']);
    const codes = facts.warnings.map((w) => [w.code, w.file]);
    expect(codes).toContainEqual(['python-syntax-error', 'dags/broken_dag.py']);
    expect(facts.warnings.find((w) => w.code === 'python-syntax-error')?.line).toBeGreaterThanOrEqual(6);
  });

  test('a path found nowhere is a warning naming the path', () => {
    const content = 'from airflow import DAG\nwith DAG("d") as dag:\n    t = PostgresOperator(task_id="t", sql="nowhere.sql")\n';
    const facts = airflowFileFacts(parser, 'dags/d.py', content, { readFile: () => undefined });
    expect(facts.tables).toEqual([]);
    expect(facts.warnings).toEqual([{ file: 'dags/d.py', line: 3, code: 'sql-file-not-found', message: 'task t: cannot find nowhere.sql in the repo' }]);
  });

  test('listFiles finds a .sql file by suffix when the search path does not map into the repo', () => {
    const content = 'with DAG("d", template_searchpath="/srv/templates") as dag:\n    t = PostgresOperator(task_id="t", sql="sql/refresh_customers.sql")\n';
    const facts = airflowFileFacts(parser, 'pipelines/d.py', content, { readFile: fixtureRepo.readFile, listFiles: ['dags/sql/refresh_customers.sql'] });
    expect(facts.tables.map((t) => t.name)).toEqual(['analytics.customer_dim']);
    // without DAG params, `{{ params.dataset }}.customers_clean` cannot be named: a warning, not a guess
    expect(facts.tables[0].upstream).toEqual([]);
    expect(facts.warnings.map((w) => [w.code, w.file, w.line])).toEqual([['unresolved-table-name', 'dags/sql/refresh_customers.sql', 2]]);
  });
});

test('a task that drops and recreates its table builds a real table that later tasks read', () => {
  const src = [
    'from airflow import DAG',
    'from airflow.providers.postgres.operators.postgres import PostgresOperator',
    'with DAG(dag_id="rebuild") as dag:',
    '    a = PostgresOperator(task_id="a", sql="drop table if exists dw.a; create table dw.a as select id from raw.x;")',
    '    b = PostgresOperator(task_id="b", sql="create table dw.b as select id, count(*) as n from dw.a group by id;")',
    '    a >> b',
  ].join('\n');
  const facts = airflowFileFacts(parser, 'dags/rebuild.py', src, { readFile: () => undefined, listFiles: [] });
  expect(table(facts, 'dw.a').upstream.map((u) => u.name)).toEqual(['raw.x']);
  expect(table(facts, 'dw.b').upstream.map((u) => u.name)).toEqual(['dw.a']);
});
