import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as lancedb from '@lancedb/lancedb';
import type { KillPoint } from '../infra/store/kill-point.js';
import { listRunRecords, runTag, TABLES } from '../infra/store/lance-store.js';
import { maxFileBytes } from '../cli/options.js';
import { runDirect } from '../cli/run-direct.js';
import { generateMonorepo } from '../fixture/generate.js';
import { rowToRecord } from '../schemas/arrow.js';

/**
 * Chaos trials (`npm run chaos -- --trials N`): each starts `grainline enrich` (the CLI,
 * with its embedded Temporal server and in-process worker) and a second `grainline
 * worker` on the same server, SIGKILLs one of the three (CLI, worker, server) at a
 * random moment of the crawl, the enrichment or the write (each target at each stage
 * in turn), then runs `grainline enrich` again
 * and compares the catalog with a clean run's: equal records apart from runId and
 * updatedAt, no duplicate ids, no lost tables, and no process of the trial left alive.
 */
const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'grainline.js');
const TARGETS = ['cli', 'worker', 'server'] as const;
type Target = (typeof TARGETS)[number];

export interface ChaosOptions {
  trials: number;
  tables: number;
  seed: number;
  /** fixed kill points, one run killed at each on one db, then a re-run: one trial instead of `trials` random kills */
  killPoints?: KillPoint[];
  log?: (line: string) => void;
}

export interface TrialResult {
  trial: number;
  target: Target;
  /** the stage the run was in when the kill landed (fixed kill points name themselves) */
  stage: 'crawl' | 'enrich' | 'write' | 'done' | string;
  killedAtMs: number;
  rerunExit: number | null;
  rows: number;
  ids: number;
  missing: string[];
  extra: string[];
  differing: string[];
  orphans: string[];
  /** runs recorded succeeded whose write left no tagged version: a success recorded before (or without) its data */
  unbacked: string[];
  ok: boolean;
}

const env = { ...process.env, GRAINLINE_EMBEDDING_MODEL: 'hashing' };

function grainline(args: string[], extraEnv: Record<string, string> = {}): { proc: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const proc = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d));
  proc.stderr!.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, exited, output: () => out };
}

const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

/** Processes whose command line names the trial's db: the server (start-dev --db-filename), CLI, worker. */
function processesOf(db: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n').filter((l) => l.includes(db) && !l.includes(' ps -eo'));
}

const STAGES = ['crawl', 'enrich', 'write'] as const;

/**
 * Which stage a run on `db` is in, read from what it has left on disk: the catalog
 * index ends the crawl, the writer's lock is held while it writes.
 */
function stageOf(db: string): TrialResult['stage'] {
  const state = join(db, '_grainline');
  if (existsSync(join(state, 'writer.lock'))) return 'write';
  const runs = join(state, 'runs');
  const dirs = existsSync(runs) ? readdirSync(runs) : [];
  return dirs.some((d) => existsSync(join(runs, d, 'catalog-index.json'))) ? 'enrich' : 'crawl';
}

/** Runs the runs table calls succeeded that have no tagged version in the tables table. */
async function unbackedRuns(db: string): Promise<string[]> {
  const conn = await lancedb.connect(db);
  const tags = await (await (await conn.openTable(TABLES)).tags()).list();
  return (await listRunRecords(conn)).filter((r) => r.status === 'succeeded' && !tags[runTag(r.runId)]).map((r) => r.runId);
}

/** Every row of the tables table without the fields that name the run. */
export async function catalogRecords(db: string): Promise<{ rows: number; byId: Map<string, string> }> {
  const conn = await lancedb.connect(db);
  const rows = (await (await conn.openTable(TABLES)).query().toArray()).map((r) => rowToRecord(r) as Record<string, unknown>);
  const byId = new Map<string, string>();
  for (const { runId, updatedAt, ...rest } of rows) byId.set(String(rest.id), (void runId, void updatedAt, JSON.stringify(rest)));
  return { rows: rows.length, byId };
}

async function stopAll(procs: ChildProcess[]): Promise<void> {
  for (const p of procs) if (alive(p)) p.kill('SIGTERM');
  const deadline = Date.now() + 15_000;
  while (procs.some(alive) && Date.now() < deadline) await sleep(100);
  for (const p of procs) if (alive(p)) p.kill('SIGKILL');
  while (procs.some(alive)) await sleep(50);
}

/**
 * The clean run in this process, without Temporal or a CLI to start: for the fixed kill
 * points, which need only its records (the same pipeline, cli/run-direct.ts), and in CI
 * each CLI start costs seconds.
 */
async function cleanRunInProcess(repo: string, dir: string): Promise<{ ms: number; records: Map<string, string> }> {
  const db = join(dir, 'clean');
  const started = Date.now();
  const saved = process.env.GRAINLINE_EMBEDDING_MODEL;
  process.env.GRAINLINE_EMBEDDING_MODEL = env.GRAINLINE_EMBEDDING_MODEL;
  try {
    await runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir: join(db, '_grainline'), full: true, usagePaths: [], annotationsDir: join(repo, 'annotations'), maxFileBytes: maxFileBytes() });
  } finally {
    if (saved === undefined) delete process.env.GRAINLINE_EMBEDDING_MODEL;
    else process.env.GRAINLINE_EMBEDDING_MODEL = saved;
  }
  return { ms: Date.now() - started, records: (await catalogRecords(db)).byId };
}

/** A clean run's duration and records: the kill moments are drawn inside it, the records compared with. */
async function cleanRun(repo: string, dir: string): Promise<{ ms: number; records: Map<string, string> }> {
  const db = join(dir, 'clean');
  const started = Date.now();
  const run = grainline(['enrich', '--repo', repo, '--db', db, '--full', '--json']);
  const code = await run.exited;
  if (code !== 0) throw new Error(`the clean run failed (${code}):\n${run.output()}`);
  return { ms: Date.now() - started, records: (await catalogRecords(db)).byId };
}

async function trial(n: number, target: Target, wanted: (typeof STAGES)[number], repo: string, dir: string, clean: { ms: number; records: Map<string, string> }, rand: () => number): Promise<TrialResult> {
  const db = join(dir, `trial-${n}`);
  const procs: ChildProcess[] = [];
  const cli = grainline(['enrich', '--repo', repo, '--db', db, '--full', '--json']);
  procs.push(cli.proc);
  const started = Date.now();
  // the second worker joins the server the CLI publishes
  const address = join(db, '_grainline', 'temporal.address');
  while (!existsSync(address) && alive(cli.proc)) await sleep(50);
  const worker = grainline(['worker', '--db', db]);
  procs.push(worker.proc);
  // wait for the wanted stage, then a random moment of it (the write is short: at once)
  const reached = () => STAGES.indexOf(stageOf(db) as (typeof STAGES)[number]) >= STAGES.indexOf(wanted);
  while (!reached() && alive(cli.proc)) await sleep(20);
  const killAt = Date.now() + (wanted === 'write' ? 0 : Math.round(rand() * (wanted === 'crawl' ? clean.ms / 2 : 2000)));
  while (Date.now() < killAt && alive(cli.proc) && (wanted !== 'enrich' || stageOf(db) === 'enrich')) await sleep(20);
  const stage = alive(cli.proc) ? stageOf(db) : 'done';
  const killedAtMs = Date.now() - started;
  if (target === 'cli') cli.proc.kill('SIGKILL');
  else if (target === 'worker') worker.proc.kill('SIGKILL');
  else {
    const server = processesOf(db).filter((l) => l.includes('start-dev')).map((l) => Number(l.trim().split(/\s+/)[0]));
    for (const pid of server) process.kill(pid, 'SIGKILL');
  }
  // the run may finish on what is left (a killed worker's tasks move to the CLI's); give it the clean run's time
  // (with its server gone the CLI cannot finish: a short look is enough)
  await Promise.race([cli.exited, sleep(target === 'server' ? 10_000 : Math.max(30_000, clean.ms * 2))]);
  await stopAll(procs);
  return rerunAndCompare({ trial: n, target, stage, killedAtMs }, repo, db, clean);
}

/**
 * Kills at fixed points of the write (infra/store/kill-point.ts), one run after the
 * other on one db: each run SIGKILLs itself at its point, which a random kill lands
 * on only now and then, over what the kills before left; then one run completes.
 * No second worker, so nothing finishes a killed run before the next.
 */
async function fixedKills(points: KillPoint[], repo: string, dir: string, clean: { ms: number; records: Map<string, string> }): Promise<TrialResult> {
  const db = join(dir, 'fixed-kills');
  const started = Date.now();
  const reached: string[] = [];
  for (const [i, point] of points.entries()) {
    const cli = grainline(['enrich', '--repo', repo, '--db', db, ...(i ? [] : ['--full']), '--json'], { GRAINLINE_KILL_AT: point });
    const code = await Promise.race([cli.exited, sleep(Math.max(60_000, clean.ms * 4)).then(() => 'timeout' as const)]);
    if (code === 'timeout') await stopAll([cli.proc]);
    // killed by its own SIGKILL, as the point means; an exit 0 is a point never reached
    reached.push(code === null && cli.proc.signalCode === 'SIGKILL' ? point : `not ${point}`);
  }
  return rerunAndCompare({ trial: 1, target: 'cli', stage: reached.join(' then '), killedAtMs: Date.now() - started }, repo, db, clean);
}

/** The next run after a kill, and its catalog, run records and processes against the clean run's. */
async function rerunAndCompare(
  kill: Pick<TrialResult, 'trial' | 'target' | 'stage' | 'killedAtMs'>,
  repo: string,
  db: string,
  clean: { ms: number; records: Map<string, string> },
): Promise<TrialResult> {
  const n = kill.trial;
  // the next run, as the nightly schedule would start it: not --full
  const rerun = grainline(['enrich', '--repo', repo, '--db', db, '--json']);
  const rerunExit = await Promise.race([rerun.exited, sleep(Math.max(120_000, clean.ms * 4)).then(() => null)]);
  if (rerunExit === null) await stopAll([rerun.proc]);
  // a command's embedded server is asked to stop as the command exits, not waited for: give it time to go
  let orphans = processesOf(db);
  for (let waited = 0; orphans.length && waited < 20_000; waited += 250) {
    await sleep(250);
    orphans = processesOf(db);
  }
  let rows = 0;
  let got = new Map<string, string>();
  let unbacked: string[] = [];
  try {
    ({ rows, byId: got } = await catalogRecords(db));
    unbacked = await unbackedRuns(db);
  } catch (err) {
    // no tables table (every id is missing), or no runs table
    unbacked = [`(${(err as Error).message.slice(0, 200)})`];
  }
  const missing = [...clean.records.keys()].filter((id) => !got.has(id));
  const extra = [...got.keys()].filter((id) => !clean.records.has(id));
  const differing = [...got.keys()].filter((id) => clean.records.has(id) && clean.records.get(id) !== got.get(id));
  const ok = rerunExit === 0 && rows === got.size && !missing.length && !extra.length && !differing.length && !orphans.length && !unbacked.length;
  if (!ok) console.error(`trial ${n} failed; left running: ${orphans.join(' | ')}; the re-run said:\n${rerun.output().slice(-3000)}`);
  else rmSync(db, { recursive: true, force: true });
  return { ...kill, rerunExit, rows, ids: got.size, missing, extra, differing, orphans, unbacked, ok };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

export async function runChaos(opts: ChaosOptions): Promise<TrialResult[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const dir = mkdtempSync(join(tmpdir(), 'grainline-chaos-'));
  const repo = join(dir, 'repo');
  await generateMonorepo({ out: repo, tables: opts.tables, seed: opts.seed });
  const clean = opts.killPoints ? await cleanRunInProcess(repo, dir) : await cleanRun(repo, dir);
  log(`clean run: ${clean.records.size} tables in ${(clean.ms / 1000).toFixed(1)} s`);
  const rand = rng(opts.seed);
  const results: TrialResult[] = [];
  const trials = opts.killPoints ? 1 : opts.trials;
  for (let n = 1; n <= trials; n++) {
    // every target at every stage in nine trials, and the first three at three stages
    const i = n - 1;
    const r = opts.killPoints
      ? await fixedKills(opts.killPoints, repo, dir, clean)
      : await trial(n, TARGETS[i % 3], STAGES[(i + Math.floor(i / 3)) % 3], repo, dir, clean, rand);
    results.push(r);
    log(
      `trial ${n}: SIGKILL ${r.target} at ${(r.killedAtMs / 1000).toFixed(1)} s (${r.stage}); re-run exit ${r.rerunExit}; ` +
        `${r.ids} tables, ${r.rows - r.ids} duplicates, ${r.missing.length} lost, ${r.extra.length} extra, ${r.differing.length} differing, ${r.orphans.length} orphans, ` +
        `${r.unbacked.length} succeeded without their data: ${r.ok ? 'ok' : 'FAILED'}`,
    );
  }
  if (results.every((r) => r.ok)) rmSync(dir, { recursive: true, force: true });
  else log(`kept for a look: ${dir}`);
  return results;
}

export async function chaosMain(argv: string[]): Promise<number> {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} takes a positive whole number`);
    return v;
  };
  const at = argv.indexOf('--kill-at');
  const killPoints = at >= 0 ? (argv[at + 1].split(',') as KillPoint[]) : undefined;
  const results = await runChaos({ trials: arg('trials', 3), tables: arg('tables', 150), seed: arg('seed', 7), killPoints });
  const stages = new Map<string, number>();
  for (const r of results) stages.set(`${r.target}/${r.stage}`, (stages.get(`${r.target}/${r.stage}`) ?? 0) + 1);
  console.log(`${results.filter((r) => r.ok).length}/${results.length} trials ok; kills by target/stage: ${[...stages].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const sum = (f: (r: TrialResult) => number) => results.reduce((n, r) => n + f(r), 0);
  console.log(
    `trials ${results.length}; re-run exit 0: ${results.filter((r) => r.rerunExit === 0).length}; ` +
      `equal to the clean run: ${results.filter((r) => !r.missing.length && !r.extra.length && !r.differing.length).length}; ` +
      `duplicates ${sum((r) => r.rows - r.ids)}; lost ${sum((r) => r.missing.length)}; orphans ${sum((r) => r.orphans.length)}; ` +
      `succeeded without their data ${sum((r) => r.unbacked.length)}`,
  );
  return results.every((r) => r.ok) ? 0 : 1;
}
