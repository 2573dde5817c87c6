import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileFacts } from '../../schemas/facts.js';
import { analyzeRepo } from '../../enrichers/catalog/analyze-repo.js';
import { loadPythonParser } from '../../enrichers/python/parser.js';
import { AnalysisCache, packUnit, unpackFacts } from '../../infra/cache/analysis-cache.js';
import { analyzeInParallel } from '../../activities/analyze-parallel.js';
import { analysisUnits } from '../../activities/analysis-units.js';
import { readRepoFiles, resolveCommit, type RepoFile } from '../../infra/git/repo-files.js';
import { generatedRepo } from '../helpers/temporal-run.js';

const file = (path: string, content: string): RepoFile => ({ path, content, sha: String(content.length) + path });
const canonical = (facts: FileFacts[]) => facts.map((f) => JSON.stringify(f)).sort();

const dag = (name: string, body: string) => `from airflow import DAG
from airflow.providers.postgres.operators.postgres import PostgresOperator
${body}
with DAG("${name}", template_searchpath=["/opt/airflow/dags/sql"]) as dag:
    t = PostgresOperator(task_id="t", sql=SQL)
`;

/**
 * Airflow templates found by a literal name, by an absolute deployment path, and by
 * a name computed at run time; same-named decoys elsewhere; a dbt project and a
 * folder-per-table tree beside them.
 */
const tricky: RepoFile[] = [
  file('dbt/dbt_project.yml', "name: shop\nversion: '1.0'\nprofile: shop\n"),
  file('dbt/models/refresh.sql', 'select id from raw.decoy_in_dbt\n'),
  file('dbt/models/stg_orders.sql', "select * from {{ source('raw', 'orders') }}\n"),
  file('dags/literal.py', dag('literal', 'SQL = "refresh.sql"')),
  file('dags/absolute.py', dag('absolute', 'SQL = "/opt/airflow/dags/sql/abs.sql"')),
  file('dags/computed.py', dag('computed', 'NAME = "computed"\nSQL = f"sql/{NAME}.sql"')),
  file('dags/sql/refresh.sql', 'insert into analytics.refreshed select * from raw.orders;\n'),
  file('dags/sql/abs.sql', 'insert into analytics.absolute select * from raw.customers;\n'),
  file('dags/sql/computed.sql', 'insert into analytics.computed select * from raw.payments;\n'),
  file('other/sql/computed.sql', 'create table other.decoy as select 1 as id;\n'),
  file('jobs/weekly.sql', 'create table reporting.weekly as select * from analytics.refreshed;\n'),
  file('jobs/daily.sql', 'create table reporting.daily as select * from analytics.refreshed;\n'),
  file('jobs/README.yml', 'note: not analysed\n'),
  file('warehouse/acme/sales/orders/query.sql', 'select * from raw.orders\n'),
  file('warehouse/acme/sales/orders/metadata.yaml', 'friendly_name: Orders\nowners:\n  - ana@acme.com\n'),
];

describe('analysis spread over threads', () => {
  let python: Awaited<ReturnType<typeof loadPythonParser>>;
  beforeAll(async () => {
    python = await loadPythonParser();
  });

  it('gives the facts a whole-repo analysis gives: Airflow templates, dbt, folder-per-table', async () => {
    const serial = analyzeRepo(tricky, python);
    // the computed template resolves only if the thread's context was completed afterwards
    expect(serial.find((f) => f.file === 'dags/computed.py')!.tables.map((t) => t.name)).toContain('analytics.computed');
    const { facts } = await analyzeInParallel(tricky, { threads: 2 });
    expect(canonical(facts)).toEqual(canonical(serial));
  });

  it('does so on a generated monorepo of every style', { timeout: 120_000 }, async () => {
    const repo = await generatedRepo(250, 3);
    const { files } = await readRepoFiles(repo, await resolveCommit(repo, 'HEAD'), { maxFileBytes: 1 << 20 });
    const { facts } = await analyzeInParallel(files, { threads: 2 });
    expect(canonical(facts)).toEqual(canonical(analyzeRepo(files, python)));
  });

  it('analyses again on an uncapped thread a task that outgrows the small-unit heap cap', { timeout: 120_000 }, async () => {
    const repo = await generatedRepo(250, 3);
    const { files } = await readRepoFiles(repo, await resolveCommit(repo, 'HEAD'), { maxFileBytes: 1 << 20 });
    // more than one task of 128 KB, so that some run on capped threads
    expect(files.reduce((n, f) => n + f.content.length, 0)).toBeGreaterThan(128 * 1024);
    process.env.GRAINLINE_SMALL_UNIT_HEAP_MB = '2';
    try {
      const { facts } = await analyzeInParallel(files, { threads: 2 });
      expect(canonical(facts)).toEqual(canonical(analyzeRepo(files, python)));
    } finally {
      delete process.env.GRAINLINE_SMALL_UNIT_HEAP_MB;
    }
  });

  it('uses a cached unit only whole, even when a killed attempt left part of it in the pack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-cache-'));
    const key = 'a'.repeat(64);
    const facts: FileFacts[] = ['x.sql', 'y.sql', 'z.sql'].map((f) => ({ file: f, tables: [], joins: [], warnings: [] }));
    // what a put() killed after two of three lines leaves behind
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, 'pack-r1.jsonl'), facts.slice(0, 2).map((f, i) => JSON.stringify({ key, n: 3, i, f }) + '\n').join(''));
    const retry = await AnalysisCache.open(dir, 'r1');
    await retry.select(new Set([key]));
    expect(retry.has(key)).toBe(false);
    await retry.put(key, facts);
    await retry.commit();
    const next = await AnalysisCache.open(dir, 'r2');
    await next.select(new Set([key]));
    expect(next.has(key)).toBe(true);
    expect((await next.load([key])).get(key)).toEqual(facts);
  });

  it('cuts off the part of a line a killed attempt left, and appends after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-cache-'));
    const [a, b] = ['a'.repeat(64), 'b'.repeat(64)];
    const fact = (f: string): FileFacts => ({ file: f, tables: [], joins: [], warnings: [] });
    const whole = JSON.stringify({ key: a, n: 1, i: 0, f: fact('a.sql') }) + '\n';
    appendFileSync(join(dir, 'pack-r1.jsonl'), whole + JSON.stringify({ key: b, n: 1, i: 0, f: fact('b.sql') }).slice(0, 40));
    const retry = await AnalysisCache.open(dir, 'r1');
    await retry.select(new Set([a, b]));
    expect([retry.has(a), retry.has(b)]).toEqual([true, false]);
    await retry.put(b, [fact('b.sql')]);
    await retry.commit();
    const next = await AnalysisCache.open(dir, 'r2');
    await next.select(new Set([a, b]));
    const loaded = await next.load([a, b]);
    expect([loaded.get(a), loaded.get(b)]).toEqual([[fact('a.sql')], [fact('b.sql')]]);
  });

  it('analyses again a unit whose lines in the pack no longer parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-cache-'));
    const open = async (runId: string) => ({ cache: await AnalysisCache.open(dir, runId) });
    const first = await analyzeInParallel(tricky, await open('r1'));
    const pack = join(dir, 'pack-r1.jsonl');
    const lines = readFileSync(pack, 'utf8').split('\n');
    const hit = lines.findIndex((l) => l.includes('"file":"jobs/weekly.sql"'));
    lines[hit] = lines[hit].replace('"tables":', '"tables":!');
    writeFileSync(pack, lines.join('\n'));
    const again = await analyzeInParallel(tricky, await open('r2'));
    expect(again.cached).toBe(first.units - 1);
    expect(canonical(again.facts)).toEqual(canonical(first.facts));
    // written anew, the unit is found whole the next time
    const third = await analyzeInParallel(tricky, await open('r3'));
    expect(third.cached).toBe(first.units);
    expect(canonical(third.facts)).toEqual(canonical(first.facts));
  });

  it('reuses the facts of unchanged units from the last run, in the same order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-cache-'));
    const open = async (runId: string) => ({ cache: await AnalysisCache.open(dir, runId) });
    const first = await analyzeInParallel(tricky, await open('r1'));
    expect(first.cached).toBe(0);
    const again = await analyzeInParallel(tricky, await open('r2'));
    expect(again).toEqual({ ...first, cached: first.units });

    const changed = tricky.map((f) => (f.path === 'jobs/weekly.sql' ? file(f.path, 'create table reporting.weekly as select 2 as id;\n') : f));
    const third = await analyzeInParallel(changed, await open('r3'));
    expect(third.cached).toBe(first.units - 1);
    expect(canonical(third.facts)).toEqual(canonical(analyzeRepo(changed, python)));
  });

  it('re-analyses one DAG of a dags folder when only it changed', async () => {
    const dagUnits = analysisUnits(tricky).filter((u) => u.owned.some((f) => f.path.endsWith('.py')));
    expect(dagUnits.map((u) => u.owned.map((f) => f.path))).toEqual([['dags/literal.py'], ['dags/absolute.py'], ['dags/computed.py']]);
    const dir = mkdtempSync(join(tmpdir(), 'grainline-cache-'));
    const open = async (runId: string) => ({ cache: await AnalysisCache.open(dir, runId) });
    const first = await analyzeInParallel(tricky, await open('r1'));
    const edited = tricky.map((f) => (f.path === 'dags/literal.py' ? file(f.path, dag('literal', 'SQL = "abs.sql"')) : f));
    const second = await analyzeInParallel(edited, await open('r2'));
    expect(second.cached).toBe(first.units - 1);
    expect(canonical(second.facts)).toEqual(canonical(analyzeRepo(edited, python)));
  });

  it('gives each SQL job outside a table folder a unit of its own', () => {
    const jobs = analysisUnits(tricky).filter((u) => u.owned.some((f) => f.path.startsWith('jobs/')));
    expect(jobs.map((u) => u.owned.map((f) => f.path))).toEqual([['jobs/weekly.sql'], ['jobs/daily.sql'], ['jobs/README.yml']]);
    const table = analysisUnits(tricky).filter((u) => u.owned.some((f) => f.path.startsWith('warehouse/')));
    expect(table.map((u) => u.owned.length)).toEqual([2]);
  });

  it('keeps a dbt memo between runs that gives the facts a fresh analysis gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-memo-'));
    await analyzeInParallel(tricky, { memoDir: dir, threads: 1 });
    expect(readdirSync(dir).filter((f) => f.startsWith('memo-'))).toHaveLength(1);
    const edited = tricky.map((f) => (f.path === 'dbt/models/refresh.sql' ? file(f.path, 'select id from raw.elsewhere\n') : f));
    const { facts } = await analyzeInParallel(edited, { memoDir: dir, threads: 1 });
    expect(canonical(facts)).toEqual(canonical(analyzeRepo(edited, python)));
  });

  it('keeps in the pack, as the thread serialised them, the facts of a unit with a memo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-cache-'));
    const opts = async (runId: string) => ({ cache: await AnalysisCache.open(dir, runId), memoDir: dir, threads: 1 });
    const first = await analyzeInParallel(tricky, await opts('r1'));
    const again = await analyzeInParallel(tricky, await opts('r2'));
    expect(again.cached).toBe(again.units);
    expect(again.facts).toEqual(first.facts);
    expect(canonical(again.facts)).toEqual(canonical(analyzeRepo(tricky, python)));
  });

  it('packs a unit into lines JSON.stringify would give, across chunks, and reads its facts back', () => {
    const facts = analyzeRepo(tricky, python).map((f, i) => (i ? f : { ...f, file: `${f.file} é ✓` }));
    const key = 'a'.repeat(64);
    const chunks = packUnit(key, facts, 200);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(facts.map((f, i) => JSON.stringify({ key, n: facts.length, i, f }) + '\n').join(''));
    expect(unpackFacts(chunks.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.length)))).toEqual(facts);
    expect(Buffer.concat(packUnit(key, [])).toString()).toBe(JSON.stringify({ key, n: 0, i: 0, f: null }) + '\n');
  });

  it('starts each pack from the last and drops units the repo no longer has once they outweigh the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-cache-'));
    const open = async (runId: string) => ({ cache: await AnalysisCache.open(dir, runId) });
    await analyzeInParallel(tricky, await open('r1'));
    const packLines = (runId: string) => readFileSync(join(dir, `pack-${runId}.jsonl`), 'utf8').trim().split('\n');
    const all = packLines('r1').length;
    const fewer = tricky.filter((f) => f.path.startsWith('jobs/') || f.path.startsWith('warehouse/'));
    const r2 = await open('r2');
    const second = await analyzeInParallel(fewer, r2);
    expect(second.cached).toBe(second.units);
    await r2.cache.compact();
    // the units gone outweighed the two left: only those two remain
    const kept = packLines('r2');
    expect(all).toBeGreaterThan(3);
    // a unit with no facts (the README) keeps a line of its own, with no file
    const keptFiles = kept.map((l) => JSON.parse(l).f?.file).filter(Boolean);
    expect(keptFiles.sort()).toEqual(fewer.map((f) => f.path).filter((p) => !p.endsWith('.yml')).sort());
    expect(kept).toHaveLength(keptFiles.length + 1);
    expect(readdirSync(dir).filter((f) => f.startsWith('pack-'))).toEqual(['pack-r2.jsonl']);
    const third = await analyzeInParallel(fewer, await open('r3'));
    expect(third.cached).toBe(third.units);
  });
});
