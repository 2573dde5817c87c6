import { resolveSettings } from '../../infra/config/resolve-config.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analysisUnits } from '../../activities/analysis-units.js';
import { readUsageLogs } from '../../activities/usage-logs.js';
import { parseAnnotationFile } from '../../enrichers/annotations/parse-annotation-file.js';
import { DbtRenderer } from '../../enrichers/dbt/jinja-renderer.js';
import { manifestFacts } from '../../enrichers/dbt/manifest.js';
import { readYaml } from '../../enrichers/dbt/yaml-located.js';
import { neutralizeJinja } from '../../enrichers/python/jinja.js';
import { bracketDepth, LIMITS, limit, setLimits } from '../../enrichers/limits.js';
import { analyzeSql } from '../../enrichers/sql/analyze.js';
import { makeResolver } from '../../enrichers/usage/resolve-table.js';
import { analyze } from '../realworld/harness.js';

/**
 * Each reader's limits from enrichers/limits.ts: over a limit is one 'over-limit'
 * warning naming the file and the limit's variable, and the rest goes on. The inputs
 * are the hostile shapes that took a run down (100k nested brackets crash the YAML
 * parser out of memory, range(10**9) builds an 8 GB array).
 */
afterEach(() => setLimits({}));

const deep = (n: number) => 'a: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
const hooks = { ref: () => 'r', source: () => 's', config: () => undefined, snapshot: () => undefined, self: () => 't' };

describe('limits', () => {
  it('each has a default and its own environment variable', () => {
    const envs = Object.values(LIMITS).map((l) => l.env);
    expect(new Set(envs).size).toBe(envs.length);
    // the variable is read once, by the config (infra/config), and handed to the readers
    const fromEnv = resolveSettings({ env: { GRAINLINE_YAML_MAX_DEPTH: '7' } }).yamlDepth;
    expect(fromEnv).toBe(7);
    setLimits({ yamlDepth: fromEnv });
    expect(limit('yamlDepth')).toBe(7);
    setLimits({});
    expect(limit('yamlDepth')).toBe(LIMITS.yamlDepth.default);
  });

  it('bracket depth skips double-quoted strings', () => {
    expect(bracketDepth('{"a": "[[[[", "b": [[1]]}', 100)).toBe(3);
  });
});

describe('YAML', () => {
  it('nesting past the limit is a warning, not an out-of-memory crash (dbt, metadata and annotation readers)', () => {
    const text = deep(100_000);
    const dbt = readYaml('models/deep.yml', text);
    expect(dbt.value).toBeUndefined();
    expect(dbt.warnings).toEqual([expect.objectContaining({ file: 'models/deep.yml', code: 'over-limit' })]);
    expect(dbt.warnings[0].message).toContain('GRAINLINE_YAML_MAX_DEPTH');
    const notes = parseAnnotationFile('annotations/deep.yml', text);
    expect(notes.warnings).toEqual([expect.objectContaining({ code: 'over-limit' })]);
  });

  it('size past the limit is a warning; under it the file reads', () => {
    setLimits({ yamlBytes: 100 });
    const big = `models:\n${'  - name: m\n'.repeat(20)}`;
    expect(readYaml('x.yml', big).warnings[0].message).toContain('GRAINLINE_YAML_MAX_BYTES');
    expect(readYaml('x.yml', 'models: []\n').warnings).toEqual([]);
  });

  it('a bad file costs its own facts only: the model it describes is still found', async () => {
    const { tables, warnings } = await analyze({
      'dbt_project.yml': 'name: shop\n',
      'models/orders.sql': 'select order_id from raw.orders',
      'models/deep.yml': deep(50_000),
    });
    expect(Object.keys(tables)).toContain('orders');
    expect(warnings.filter((w) => w.file === 'models/deep.yml').map((w) => w.code)).toEqual(['over-limit']);
  });
});

describe('YAML aliases', () => {
  it('an alias to no anchor is a warning; the rest of the file is read', () => {
    const { value, warnings } = readYaml('models/x.yml', 'models:\n  - {name: m, <<: *nowhere}\n');
    expect(warnings).toEqual([expect.objectContaining({ file: 'models/x.yml', code: 'yaml-parse' })]);
    expect((value as { models: { name: string }[] }).models[0].name).toBe('m');
  });
});

describe('JSON', () => {
  it('a manifest nested past the limit is a warning', () => {
    const facts = manifestFacts('target/manifest.json', '{"nodes":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}', { ref: (a: string[]) => a.join('.'), source: (s: string, t: string) => `${s}.${t}` } as never);
    expect(facts.warnings).toEqual([expect.objectContaining({ code: 'over-limit' })]);
    expect(facts.warnings[0].message).toContain('GRAINLINE_JSON_MAX_DEPTH');
  });

  it('a query-log line over the limit is a bad line; the lines around it count', async () => {
    setLimits({ logLineBytes: 1000 });
    const dir = mkdtempSync(join(tmpdir(), 'limits-'));
    const ok = (id: number) => JSON.stringify({ query: `select id from analytics.orders where id = ${id}`, user: 'ana', timestamp: '2024-06-29T10:00:00Z' });
    writeFileSync(join(dir, 'log.jsonl'), [ok(1), JSON.stringify({ query: 'x'.repeat(5000) }), '['.repeat(600) + ']'.repeat(399), ok(2)].join('\n'));
    const res = await readUsageLogs([dir], makeResolver([{ id: 'analytics.orders' }]), new Date('2024-06-30T00:00:00Z'));
    expect(res.records).toBe(2);
    expect(res.warnings.map((w) => [w.line, w.code])).toEqual([
      [2, 'over-limit'],
      [3, 'over-limit'],
    ]);
  });
});

describe('Jinja', () => {
  const renderer = () =>
    new DbtRenderer({}, [
      { path: 'macros/m.sql', content: '{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{% macro fan(n) %}{% if n > 0 %}{{ fan(n - 1) }}{{ fan(n - 1) }}{% endif %}{% endmacro %}' },
    ]);
  const render = (r: DbtRenderer, sql: string) => r.render('models/m.sql', sql, hooks);

  it('recursion, loops, range and output each stop at their limit with the limit named', () => {
    const r = renderer();
    expect(render(r, '{{ down(0) }}').error?.message).toContain('GRAINLINE_JINJA_MAX_MACRO_DEPTH');
    expect(render(r, '{% for i in range(10**9) %}x{% endfor %}').error?.message).toContain('GRAINLINE_JINJA_MAX_LOOP_ITEMS');
    setLimits({ jinjaLoopItems: 1000 });
    expect(render(r, '{% for i in range(100) %}{% for j in range(100) %}{% endfor %}{% endfor %}').error?.message).toContain('GRAINLINE_JINJA_MAX_LOOP_ITEMS');
    setLimits({ jinjaOutputChars: 50 });
    expect(render(r, `select ${'x, '.repeat(40)} 1`).error?.message).toContain('GRAINLINE_JINJA_MAX_OUTPUT_CHARS');
    setLimits({});
    // under the limits the same renderer works, and a render after a stopped one is not charged for it
    expect(render(r, '{% for i in range(3) %}{{ i }}{% endfor %}').sql).toBe('012');
  });

  it('a render over its time stops', () => {
    setLimits({ jinjaRenderMs: 200 });
    const started = performance.now();
    expect(render(renderer(), '{{ fan(40) }}').error?.message).toContain('GRAINLINE_JINJA_MAX_RENDER_MS');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('SQL, Python and Scala', () => {
  it('a SQL file over its time keeps the statements read before', () => {
    analyzeSql('select 1', { file: 'warm.sql' }); // the parser's first call loads its grammar
    setLimits({ sqlFileMs: 100 });
    const sql = Array.from({ length: 2000 }, (_, i) => `insert into t${i} select a, b from s${i} join u on s${i}.id = u.id;`).join('\n');
    const res = analyzeSql(sql, { file: 'jobs/big.sql' });
    const stop = res.warnings.filter((w) => w.code === 'over-limit');
    expect(stop).toHaveLength(1);
    expect(stop[0].message).toContain('GRAINLINE_SQL_MAX_FILE_MS');
    // one statement a line: every statement before the one it stopped at is kept
    expect(res.statements.length).toBe(stop[0].line! - 1);
    expect(res.statements.length).toBeLessThan(2000);
  });

  it('source files over their size limit are read as empty, with a warning each; a dbt model keeps its name', async () => {
    setLimits({ sqlBytes: 200, pythonBytes: 200, scalaBytes: 200 });
    const { tables, warnings } = await analyze({
      'dbt_project.yml': 'name: shop\n',
      'models/orders.sql': `select order_id from raw.orders -- ${'x'.repeat(300)}`,
      'models/schema.yml': 'models:\n  - name: orders\n    columns:\n      - name: order_id\n        tests: [unique]\n',
      'jobs/big.sql': `insert into a.b select * from c.d -- ${'x'.repeat(300)}`,
      'dags/big.py': `from airflow import DAG\n# ${'x'.repeat(300)}\n`,
      'spark/Big.scala': `spark.table("a.b") // ${'x'.repeat(300)}`,
    });
    expect(tables.orders?.grain).toEqual(['order_id']);
    const over = warnings.filter((w) => w.code === 'over-limit').map((w) => w.file).sort();
    expect(over).toEqual(['dags/big.py', 'jobs/big.sql', 'models/orders.sql', 'spark/Big.scala']);
  });

  it('a Python parse over its time is cut short: a warning naming the file, and the run goes on', async () => {
    setLimits({ pythonFileMs: 0.001 });
    const dag = 'from airflow import DAG\n' + Array.from({ length: 3000 }, (_, i) => `t${i} = DAG("d${i}", schedule=None)\n`).join('');
    const { warnings } = await analyze({ 'dags/slow.py': dag, 'jobs/a.sql': 'insert into x.y select * from x.z' });
    expect(warnings.filter((w) => w.file === 'dags/slow.py' && w.code === 'over-limit')).toHaveLength(1);
  });

  it('a Scala file over its time stops reading', async () => {
    setLimits({ scalaFileMs: 0.001 });
    const scala = Array.from({ length: 2000 }, (_, i) => `val d${i} = spark.table("db.t${i}")`).join('\n') + '\ndf.write.saveAsTable("db.out")\n';
    const { warnings } = await analyze({ 'spark/Job.scala': scala });
    expect(warnings.filter((w) => w.file === 'spark/Job.scala' && w.code === 'over-limit')).toHaveLength(1);
  });
});

describe('crawl planning', () => {
  it('a DAG with one 200,000-character word is planned in linear time (its path literals were found by a quadratic regex)', () => {
    const dag = { path: 'dags/huge.py', sha: '1', content: `from airflow import DAG\n# ${'x'.repeat(200_000)}\nsql = 'sql/q.sql'\n` };
    const sql = { path: 'dags/sql/q.sql', sha: '2', content: 'select 1' };
    const started = performance.now();
    const units = analysisUnits([dag, sql]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(units.find((u) => u.owned[0].path === 'dags/huge.py')?.context.map((f) => f.path)).toEqual(['dags/sql/q.sql']);
  });
});

describe('Jinja in plain SQL and DAG templates', () => {
  it('unclosed tags and thousands of values without a `;` are neutralised in linear time (both were quadratic)', () => {
    const started = performance.now();
    expect(neutralizeJinja('{%'.repeat(30_000)).length).toBe(60_000);
    neutralizeJinja('select a from t where b = {{ x }}\n'.repeat(5_000));
    neutralizeJinja('{{ x }} '.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(3000);
    // the header rule still holds: a value opening a statement is dropped, one inside it kept
    expect(neutralizeJinja('{{ header }}\nselect {{ params.a }} from t', new Map([['a', 'col']]) as never)).toBe('\nselect col from t');
  });
});
