import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAnnotationFile } from '../../enrichers/annotations/parse-annotation-file.js';
import { analyzeRepo } from '../../enrichers/catalog/analyze-repo.js';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';
import { DbtRenderer } from '../../enrichers/dbt/jinja-renderer.js';
import { manifestFacts } from '../../enrichers/dbt/manifest.js';
import { readYaml } from '../../enrichers/dbt/yaml-located.js';
import { folderTableFacts } from '../../enrichers/metadata/folder-table-facts.js';
import { airflowFileFacts } from '../../enrichers/python/airflow.js';
import { loadPythonParser, type PythonParser } from '../../enrichers/python/parser.js';
import { pysparkFileFacts } from '../../enrichers/spark/pyspark.js';
import { scalaSparkFileFacts } from '../../enrichers/spark/scala.js';
import { sqlFileFacts } from '../../enrichers/sql/file-facts.js';
import { normalizeLogRecord } from '../../enrichers/usage/log-record.js';
import { FileFacts, Warning } from '../../schemas/facts.js';

/**
 * Property: every parser entry point, given any text, returns facts or warnings of the
 * schema's shape and never throws. Texts are drawn from any Unicode (lone surrogates,
 * NUL and control characters included) and from fragments of the languages each
 * reader knows, shuffled, so the generator reaches the parsers' deeper paths (an open
 * Jinja tag inside a YAML anchor inside a SQL string) and not only their first error.
 */
const FRAGMENTS = [
  'select', ' from ', ' join ', ' on ', ' where ', ' group by ', 'insert into ', 'create table ', ' as ', 'with ', 'union all ',
  '(', ')', '[', ']', '{', '}', ',', ';', '.', '*', '=', ':', '::', "'", '"', '`', '\\', '--', '/*', '*/', '#', '\n', '\t', '  ', '\0', '\uFFFD', '\uD800',
  '{{', '}}', '{%', '%}', '{#', '#}', " ref('m') ", " source('s', 't') ", ' config(', ' macro ', ' endmacro ', ' for x in ', ' endfor ', ' if ', ' endif ', ' set ', ' range(10) ',
  '&a ', '*a ', '<<: ', '- ', '? ', '| ', '> ', '---', '...', '!!str ', 'models:', 'name: ', 'columns:', 'tests: [unique]', 'sources:', 'tables:', 'owner: ',
  'from airflow import DAG', 'DAG(', 'def ', 'import ', 'spark.sql(', 'spark.table(', '.saveAsTable(', '"""', 'object J {', 'val x = ', 's"', '${',
  'a', 'b.c', 'db.t1', 'id', 'order_id', '0', '1e999', 'null', 'true', '"nodes"', '"resource_type": "model"',
];
const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((xs) => xs.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fragmentText, fc.string({ unit: 'grapheme', maxLength: 200 }));
const RUNS = { numRuns: 150 };
// CI draws the same texts on every run, so a landing is judged on the code and not on the draw;
// elsewhere each run draws new ones (FUZZ_SEED replays a failure fast-check printed)
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261204 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
// texts a past run found, always tried: a merge key as a complex key threw from the yaml library's own toString
const YAML_FOUND: [string][] = [['? <<: '], ['? {a: 1}\n: 2\n'], ['? [<<: 1]\n: x\n']];

let python: PythonParser;
beforeAll(async () => {
  python = await loadPythonParser();
});

// blocks, not expressions: a property that returns false fails, and an assertion's return value is not ours to pass on
function isFacts(x: unknown): void {
  expect(FileFacts.safeParse(x).error).toBeUndefined();
}
function areWarnings(ws: unknown): void {
  expect(Warning.array().safeParse(ws).error).toBeUndefined();
}
const resolver = { ref: (a: string[]) => a.join('.'), source: (s: string, t: string) => `${s}.${t}` } as never;

describe('every parser entry point returns facts or warnings for any text, and never throws', () => {
  it('SQL files', () => fc.assert(fc.property(anyText, (t) => void isFacts(sqlFileFacts('jobs/x.sql', t))), RUNS));

  it('YAML (dbt properties, metadata) and annotation files', () =>
    fc.assert(
      fc.property(anyText, (t) => {
        areWarnings(readYaml('models/x.yml', t).warnings);
        areWarnings(parseAnnotationFile('annotations/x.yml', t).warnings);
      }),
      { ...RUNS, examples: YAML_FOUND },
    ));

  it('dbt manifests', () => fc.assert(fc.property(anyText, (t) => void isFacts(manifestFacts('target/manifest.json', t, resolver))), RUNS));

  it('Jinja renders: SQL or an error', () => {
    const renderer = new DbtRenderer({}, []);
    const hooks = { ref: () => 'r', source: () => 's', config: () => undefined, snapshot: () => undefined, self: () => 't' };
    fc.assert(
      fc.property(anyText, (t) => {
        const out = renderer.render('models/x.sql', t, hooks);
        expect(typeof out.sql === 'string' || typeof out.error?.message === 'string').toBe(true);
      }),
      RUNS,
    );
  });

  it('dbt projects, with any model, properties YAML and macro text', () =>
    fc.assert(
      fc.property(anyText, anyText, anyText, (model, yml, macro) => {
        const files = [
          { path: 'dbt_project.yml', content: 'name: p\n', sha: '1' },
          { path: 'models/m.sql', content: model, sha: '2' },
          { path: 'models/m.yml', content: yml, sha: '3' },
          { path: 'macros/x.sql', content: macro, sha: '4' },
        ];
        for (const f of dbtFileFacts(files)) isFacts(f);
      }),
      { numRuns: 60 },
    ));

  it('Python DAGs, PySpark and Scala Spark jobs', () =>
    fc.assert(
      fc.property(anyText, (t) => {
        isFacts(airflowFileFacts(python, 'dags/x.py', `from airflow import DAG\n${t}`, { readFile: () => undefined, listFiles: [] }));
        isFacts(pysparkFileFacts(python, 'jobs/x.py', t));
        isFacts(scalaSparkFileFacts('jobs/X.scala', t));
      }),
      RUNS,
    ));

  it('folder-per-table metadata and the whole-repo analysis', () =>
    fc.assert(
      fc.property(anyText, anyText, (meta, sql) => {
        for (const f of folderTableFacts([{ path: 'p/d/t/metadata.yaml', content: meta }, { path: 'p/d/t/query.sql', content: sql }])) isFacts(f);
        for (const f of analyzeRepo([{ path: 'jobs/a.sql', content: sql }, { path: 'dags/d.py', content: meta }, { path: 'x/Y.scala', content: `spark.sql("${sql}")` }], python)) isFacts(f);
      }),
      { numRuns: 80, examples: YAML_FOUND.map(([meta]) => [meta, ''] as [string, string]) },
    ));

  it('query-log records: a record or null', () =>
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('query', 'query_text', 'user', 'start_time', 'timestamp', 'labels', 'referenced_tables', 'error_result', 'job_type'), fc.oneof(anyText, fc.jsonValue())), (raw) => {
        const r = normalizeLogRecord(raw);
        expect(r === null || typeof r === 'object').toBe(true);
      }),
      RUNS,
    ));
});
