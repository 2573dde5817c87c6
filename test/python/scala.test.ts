import { expect, test } from 'vitest';
import { scalaSparkFileFacts } from '../../enrichers/spark/scala.js';
import { tokenizeScala } from '../../enrichers/spark/scala-tokens.js';
import { fixtureRepo } from './fixture-repo.js';

const FILE = 'jobs/SessionsJob.scala';

test('Scala job: SQL through a temp view, heuristic lineage for saveAsTable, comments and escapes ignored', () => {
  const facts = scalaSparkFileFacts(FILE, fixtureRepo.read(FILE));
  expect(facts.tables.map((t) => t.name).sort()).toEqual(['web.sessions', 'web.user_event_counts']);

  const sessions = facts.tables.find((t) => t.name === 'web.sessions')!;
  // `ev` is a temp view over everything read before it: both tables, as heuristic guesses
  expect(sessions.upstream.map((u) => [u.name, u.source, u.confidence, u.line])).toEqual([
    ['web.events', 'heuristic', 0.6, 14],
    ['crm.users', 'heuristic', 0.6, 15],
  ]);
  expect(sessions.grain.map((g) => [g.columns, g.source])).toEqual([[['session_id'], 'sql']]);

  const counts = facts.tables.find((t) => t.name === 'web.user_event_counts')!;
  expect(counts.kind).toBe('spark');
  expect(counts.upstream.map((u) => [u.name, u.source])).toEqual([
    ['web.events', 'heuristic'],
    ['crm.users', 'heuristic'],
  ]);
  expect(facts.warnings).toEqual([]);
});

test('tokenizer: nested comments, escaped quotes, char literals and interpolators', () => {
  const tokens = tokenizeScala('/* a /* b */ "x" */ val c = \'"\'; f(s"$d.t", """tri"ple""", "e\\"q")');
  const strings = tokens.filter((t) => t.kind === 'string').map((t) => [t.text, t.kind === 'string' ? (t.interpolator ?? '') : '']);
  expect(strings).toEqual([
    ['$d.t', 's'],
    ['tri"ple', ''],
    ['e"q', ''],
  ]);
});

test('an interpolated name with an unknown variable is a warning, not a table', () => {
  const facts = scalaSparkFileFacts('jobs/X.scala', 'object X {\n  df.write.saveAsTable(s"${env}.out")\n}\n');
  expect(facts.tables).toEqual([]);
  expect(facts.warnings.map((w) => [w.line, w.code])).toEqual([[2, 'unresolved-table-name']]);
});

test('one query and one write: the query grain is the written table grain, at heuristic confidence', () => {
  const src = [
    'object Daily {',
    '  val df = spark.sql("""select order_date, country, count(*) as n from sales.orders group by 1, 2""")',
    '  df.write.mode("overwrite").saveAsTable("marts.daily")',
    '}',
  ].join('\n');
  const t = scalaSparkFileFacts('jobs/Daily.scala', src).tables[0];
  expect(t.name).toBe('marts.daily');
  expect(t.grain.map((g) => [g.columns, g.source, g.confidence])).toEqual([[['order_date', 'country'], 'sql', 0.6]]);
  expect(t.columns.map((c) => c.name)).toEqual(['order_date', 'country', 'n']);
});

test('two queries and one write: which one is written is unknown, so no grain', () => {
  const src = 'object J {\n  val a = spark.sql("select id from s.a group by id")\n  val b = spark.sql("select k from s.b group by k")\n  a.union(b).write.saveAsTable("m.out")\n}\n';
  expect(scalaSparkFileFacts('jobs/J.scala', src).tables[0].grain).toEqual([]);
});
