import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { simpleGit } from 'simple-git';

/**
 * A generated monorepo of malformed files across every kind the crawl reads, beside
 * a few good ones, plus query logs and annotations: the fuzz test's input. Each bad
 * file is listed with its path so the test can ask for its warning. The shapes are
 * the hostile ones of issue 23: alias bombs, deep nesting, huge lines, invalid UTF-8,
 * NUL bytes, symlink loops, names with newlines and quotes, plus plain syntax errors.
 * Deterministic for a seed.
 */
export interface MalformedRepo {
  repo: string;
  /** query logs, outside the repo (--usage) */
  logs: string;
  /** repo-relative paths (logs: absolute) of files that must each be named by a warning */
  bad: string[];
  /** hostile files that are valid all the same: they must cost no crash, and need no warning */
  hostile: string[];
  /** tables the good files define, which must survive the bad ones */
  good: string[];
}

/** Sizes the child run's limits are set to (see the test), so a huge line costs little. */
export const FUZZ_LIMITS = { GRAINLINE_SQL_MAX_BYTES: '65536', GRAINLINE_PYTHON_MAX_BYTES: '65536', GRAINLINE_SCALA_MAX_BYTES: '65536', GRAINLINE_YAML_MAX_BYTES: '65536', GRAINLINE_LOG_LINE_MAX_BYTES: '65536' };
const HUGE = 80_000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Body = string | Buffer;
const nested = (open: string, close: string, n: number, inner = '1') => open.repeat(n) + inner + close.repeat(n);
const invalidUtf8 = (text: string) => Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('\n')]);
const withNul = (text: string) => Buffer.concat([Buffer.from(text), Buffer.from([0, 0, 0]), Buffer.from('\n')]);

function aliasBomb(): string {
  let y = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) y += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return y + 'models:\n  - name: orders\n    description: *a8\n';
}

/**
 * Bad file makers per kind. The first `RARE` of each list are the costly shapes (a
 * parser's worst case, an alias bomb): each appears RARE_COPIES times, the cheap
 * ones fill the rest at random, so the run stays well under a minute.
 */
const RARE = 2;
const RARE_COPIES = 2;
const SQL: ((i: number) => Body)[] = [
  () => `select ${nested('(', ')', 3000)} from t;\n`,
  (i) => `insert into bad.t${i} selec frm where ;;; ((\n`,
  (i) => `insert into bad.h${i} select '${'x'.repeat(HUGE)}' as c from src.a;\n`,
  (i) => withNul(`insert into bad.n${i} select * from src.a;`),
  (i) => invalidUtf8(`insert into bad.u${i} select * from src.a where c = '`),
  (i) => `create table bad.s${i} as select 'unterminated from src.a\n`,
];
const MODEL: ((i: number) => Body)[] = [
  () => `select * from {{ ref('orders') }} where {{ ${nested('(', ')', 2000)} }}\n`,
  () => `{{ bad_recurse(0) }}\nselect 1 as id\n`,
  () => `select * from {{ ref('orders') }\n{% if x %}\n`,
  () => `{% for i in range(10**9) %}{{ i }}{% endfor %}\n`,
  () => `select {{ not_a_macro_anywhere() }} as x from {{ ref('orders') }}\n`,
  () => `{% set x = {{ }} %}\nselect 1\n`,
];
const DBT_YAML: ((i: number) => Body)[] = [
  () => aliasBomb(),
  () => aliasBomb().replace('*a8', '[*a8, *a8]'),
  () => `models: ${nested('[', ']', 100_000, '')}\n`,
  () => `models:\n\t- name: x\n  bad: "unclosed\n`,
  () => `models:\n  - name: m\n    columns: {a: [}\n`,
  () => `version: 2\nmodels:\n  - &a {name: m, <<: *b}\n`,
];
/** Hostile but valid: 3,000 nested parentheses are Python to tree-sitter. It must cost no crash, and needs no warning. */
const deepPython = () => `from airflow import DAG\nx = ${nested('(', ')', 3000)}\n`;
const VALID = new Set<unknown>([deepPython]);
const PYTHON: ((i: number) => Body)[] = [
  deepPython,
  (i) => `from airflow import DAG\nwith DAG("d${i}" as dag:\n    t = (\n`,
  (i) => `from airflow import DAG\n# ${'x'.repeat(HUGE)}\nDAG("h${i}")\n`,
  () => withNul('from airflow import DAG'),
  () => invalidUtf8('from airflow import DAG\ns = "'),
];
const SCALA: ((i: number) => Body)[] = [
  () => `object D { spark.sql("select ${nested('(', ')', 3000)} from t") }\n`,
  (i) => `object H${i} { spark.table("a.b") // ${'x'.repeat(HUGE)}\n}\n`,
  (i) => `object J${i} { spark.sql("insert into bad.sc${i} selec frm ((") }\n`,
  (i) => `object K${i} { spark.sql("""insert into bad.k${i} select * from\n`,
  () => withNul('object N { spark.table("a.b") }'),
];
const METADATA: ((i: number) => Body)[] = [
  () => aliasBomb().replace('models:\n  - name: orders\n    description: *a8', 'description: *a8'),
  () => `description: ${nested('{a: ', '}', 50_000, '1')}\n`,
  () => `owners: [a@x.com\nlabels: {\n`,
  () => `description: "${'x'.repeat(HUGE)}"\n`,
  () => invalidUtf8('description: "caf'),
];
const MANIFEST: ((i: number) => Body)[] = [
  () => `{"nodes": ${nested('[', ']', 50_000, '')}}`,
  () => `{"sources": ${nested('{"a": ', '}', 20_000, '1')}}`,
  () => '{"nodes": {"model.x.y": {"resource_type": "model", "name": ',
  () => withNul('{"nodes": {}}'),
];
const LOG_JSONL: ((i: number) => string)[] = [
  () => nested('[', ']', 100_000, '') + '\n',
  () => `{"query": "${'x'.repeat(HUGE)}"}\n`,
  () => '{not json\n[1,2,3]\n"string"\n',
];
const LOG_CSV: ((i: number) => string)[] = [
  () => `query_text,user_name\n"${'x'.repeat(HUGE)}",bob\n`,
  () => 'a,b\n"unterminated,1\n',
  () => 'no,useful,columns\n1,2,3\n',
];
const ANNOTATION: ((i: number) => Body)[] = [
  () => aliasBomb(),
  () => `tables: ${nested('[', ']', 100_000, '')}\n`,
  () => 'tables:\n  - table: [unclosed\n',
  () => 'just a string\n',
];

/** Writes the repo (one commit), its logs and annotations; returns what the test checks. */
export async function malformedRepo(root: string, seed: number, total = 1000): Promise<MalformedRepo> {
  const rand = rng(seed);
  const repo = join(root, 'repo');
  const logs = join(root, 'logs');
  const bad: string[] = [];
  const write = (path: string, body: Body) => {
    const full = join(repo, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, body);
  };
  // the good files: a dbt model with its declared grain, a SQL job, a DAG
  write('dbt/dbt_project.yml', 'name: fuzz\nversion: "1.0"\n');
  write('dbt/macros/recurse.sql', '{% macro bad_recurse(n) %}{{ bad_recurse(n + 1) }}{% endmacro %}\n');
  write('dbt/models/orders.sql', 'select order_id, amount from raw.orders\n');
  write('dbt/models/schema.yml', 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: order_id\n        tests: [unique, not_null]\n');
  write('jobs/good_job.sql', 'insert into reporting.daily select order_id, amount from dbt.orders;\n');
  const good = ['orders', 'reporting.daily'];

  // shares of the bad files, by kind (about `total` in all)
  const kinds: [number, (n: number) => void][] = [
    [0.2, (n) => addFile(`jobs/bad_${n}.sql`, SQL)],
    [0.15, (n) => addFile(`dbt/models/bad_${n}.sql`, MODEL)],
    [0.1, (n) => addFile(`dbt/models/bad_${n}.yml`, DBT_YAML)],
    [0.12, (n) => addFile(`dags/bad_${n}.py`, PYTHON)],
    [0.08, (n) => addFile(`spark/Bad${n}.scala`, SCALA)],
    [0.1, (n) => addFile(`bq/proj/ds/t${n}/metadata.yaml`, METADATA)],
    [0.02, (n) => {
      write(`manifests/p${n}/dbt_project.yml`, `name: p${n}\n`);
      addFile(`manifests/p${n}/target/manifest.json`, MANIFEST);
    }],
    [0.06, (n) => addLog(`bad_${n}.jsonl`, LOG_JSONL)],
    [0.06, (n) => addLog(`bad_${n}.csv`, LOG_CSV)],
    [0.08, (n) => addFile(`annotations/bad_${n}.yml`, ANNOTATION)],
  ];
  const hostile: string[] = [];
  const made = new Map<unknown, number>();
  function pick<T>(makers: ((i: number) => T)[], path: string): T {
    const n = made.get(makers) ?? 0;
    made.set(makers, n + 1);
    const maker = makers[n < RARE * RARE_COPIES ? n % RARE : RARE + Math.floor(rand() * (makers.length - RARE))];
    (VALID.has(maker) ? hostile : bad).push(path);
    return maker(bad.length + hostile.length);
  }
  function addFile(path: string, makers: ((i: number) => Body)[]) {
    write(path, pick(makers, path));
  }
  function addLog(name: string, makers: ((i: number) => string)[]) {
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, name), pick(makers, join(logs, name)));
  }
  const fixed = 24;
  for (const [share, make] of kinds) for (let n = 0; n < Math.round(share * (total - fixed)); n++) make(n);

  // names a shell or a log line would trip on: a newline, quotes, a backslash
  for (const [n, name] of ['new\nline', 'quote"d', "apos'trophe", 'back\\slash', 'tab\there', 'semi;colon'].entries()) {
    addFile(`jobs/${name}_${n}.sql`, SQL);
  }
  // symlinks: a loop, a link to a folder, and links out of the repository
  mkdirSync(join(repo, 'links'), { recursive: true });
  const link = (target: string, path: string) => {
    symlinkSync(target, join(repo, path));
    bad.push(path);
  };
  link('b.sql', 'links/a.sql');
  link('a.sql', 'links/b.sql');
  link('.', 'links/self.yml');
  link('../../etc/passwd.sql', 'links/out.sql');
  link('/etc/hosts.yml', 'links/abs.yml');
  for (let n = 0; n < (fixed - 12) / 2; n++) {
    link(`loop${n}_b.py`, `links/loop${n}_a.py`);
    link(`loop${n}_a.py`, `links/loop${n}_b.py`);
  }

  const git = simpleGit(repo);
  await git.init();
  for (const [k, v] of [['user.name', 'Fuzz'], ['user.email', 'fuzz@example.com'], ['commit.gpgsign', 'false'], ['core.quotepath', 'false']]) await git.raw(['config', k, v]);
  await git.raw(['add', '-A', '.']);
  await git.raw(['commit', '-q', '-m', 'malformed']);
  return { repo, logs, bad, hostile, good };
}
