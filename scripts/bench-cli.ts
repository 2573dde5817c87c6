/**
 * The command line's speed as a user meets it: the wall time of whole `grainline`
 * processes (node start, module loading, Temporal start, the run, exit), beside a bare
 * `node -e 0` timed in the same run (the machine may be shared: compare the two), and
 * their CPU time (user+system, through /usr/bin/time when the machine has it: on a
 * loaded machine the wall time says more about the neighbours than about us). The
 * embedded Temporal server is not counted in the CPU: it is stopped, not waited for.
 * Medians of `runs` runs; speed targets live here, not in tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIsFresh } from '../bin/build-freshness.mjs';
import { benchRepo } from './bench-fixture.js';
import { projectRoot } from '../cli/temporal-cli.mjs';

export const CLI_TARGETS = { searchSeconds: 0.5, enrichSmallSeconds: 4, unchangedLargeSeconds: 10 };

interface Timed {
  seconds: number;
  /** user+system CPU seconds of the process and the children it waited for; NaN without /usr/bin/time */
  cpu: number;
  /** false when a source changed under the build and the CLI ran through tsx: not the figure asked for */
  compiled: boolean;
}

export interface CliReport {
  nodeBare: number;
  version: number;
  enrichSmall: number;
  unchangedSmall: number;
  firstLarge: number;
  unchangedLarge: number;
  searchLarge: number;
  /** a 10-table enrich on a new db whose server `grainline up` already serves (the command joins it) */
  enrichSmallWarm: number;
  unchangedSmallWarm: number;
  /** median CPU seconds (user+system) per case, same names as the progress lines */
  cpu: Record<string, number>;
  /** one-minute load average at the start and the end of the bench */
  load: [number, number];
  largeTables: number;
  /** cases some run of which ran from the sources (the build went stale mid-bench) */
  fromSources: string[];
}

const BIN = join(projectRoot, 'bin', 'grainline.js');

const TIME = '/usr/bin/time';

/** One process, start to exit. */
async function timed(args: string[]): Promise<Timed> {
  const cpuFile = existsSync(TIME) ? join(mkdtempSync(join(tmpdir(), 'grainline-bench-cpu-')), 'cpu') : undefined;
  const [cmd, argv] = cpuFile ? [TIME, ['-o', cpuFile, '-f', '%U %S', process.execPath, ...args]] : [process.execPath, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${args.slice(1).join(' ')} exited ${code}: ${err.trim()}`);
  let cpu = NaN;
  if (cpuFile) {
    // the last line: time prints its own notes (a signal) above it
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    cpu = user + sys;
    rmSync(cpuFile, { force: true });
  }
  return { seconds, cpu, compiled: buildIsFresh() };
}

/**
 * CPU seconds (user+system, all its threads) a live process has used so far, from
 * /proc; 0 where there is none. Clock ticks are 100 a second on Linux.
 */
function processCpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime
  } catch {
    return 0;
  }
}

/**
 * `grainline up` on `db`, its embedded server booted: a command on the same db joins
 * that server instead of starting one (cli/temporal-runtime.ts), the warm path.
 */
async function serving(repo: string, db: string): Promise<{ pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'up', '--repo', repo, '--db', db], {
    cwd: projectRoot,
    env: { ...process.env, GRAINLINE_SCHEDULE_ID: `bench-warm-${process.pid}-${Date.now()}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (/serving/.test(out)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`grainline up exited ${code}: ${out.trim()}`)));
  });
  return {
    pid: child.pid!,
    async stop() {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

export async function cliBench(opts: { runs: number; seed: number; largeTables: number }): Promise<CliReport> {
  const dir = join(projectRoot, '.grainline', 'bench');
  const work = join(dir, 'cli-work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const small = await benchRepo(dir, 10, opts.seed, 1);
  const large = await benchRepo(dir, opts.largeTables, opts.seed, 1);
  const fromSources = new Set<string>();
  const cases: Record<string, number[]> = {};
  const cpus: Record<string, number[]> = {};
  const loadAtStart = loadavg()[0];
  // alsoOf: a long-lived process that does part of the work (up's worker on the warm path)
  const measure = async (name: string, args: string[], alsoOf?: number) => {
    const cpuBefore = alsoOf ? processCpu(alsoOf) : 0;
    const t = await timed(args);
    if (alsoOf) t.cpu += processCpu(alsoOf) - cpuBefore;
    if (!t.compiled) fromSources.add(name);
    (cases[name] ??= []).push(t.seconds);
    (cpus[name] ??= []).push(t.cpu);
    const load = loadavg()[0].toFixed(1);
    console.error(`bench: ${name.padEnd(16)} ${t.seconds.toFixed(2).padStart(7)} s wall ${t.cpu.toFixed(2).padStart(6)} s CPU  load ${load}${t.compiled ? '' : '  (from the sources)'}`);
  };
  const enrich = (repo: string, db: string) => [BIN, 'enrich', '--repo', repo, '--db', db, '--json'];

  for (let r = 1; r <= opts.runs; r++) {
    await measure('node -e 0', ['-e', '0']);
    await measure('--version', [BIN, '--version']);
    const db = join(work, `small-${r}`);
    await measure('enrich 10', enrich(small.repo, db)); // a new db: nothing cached in its state dir
    await measure('unchanged 10', enrich(small.repo, db));
    const warmDb = join(work, `small-warm-${r}`);
    const up = await serving(small.repo, warmDb);
    try {
      await measure('enrich 10 warm', enrich(small.repo, warmDb), up.pid);
      await measure('unchanged 10 warm', enrich(small.repo, warmDb), up.pid);
    } finally {
      await up.stop();
    }
  }
  const largeDb = join(work, 'large');
  await measure(`first ${opts.largeTables}`, enrich(large.repo, largeDb));
  for (let r = 1; r <= opts.runs; r++) {
    await measure(`unchanged ${opts.largeTables}`, enrich(large.repo, largeDb));
    await measure(`search ${opts.largeTables}`, [BIN, 'search', '--db', largeDb, 'orders by customer and day']);
  }
  const med = (name: string, from = cases) => {
    const s = [...from[name]].sort((a, b) => a - b);
    const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return Math.round(m * 100) / 100;
  };
  return {
    nodeBare: med('node -e 0'),
    version: med('--version'),
    enrichSmall: med('enrich 10'),
    unchangedSmall: med('unchanged 10'),
    firstLarge: med(`first ${opts.largeTables}`),
    unchangedLarge: med(`unchanged ${opts.largeTables}`),
    searchLarge: med(`search ${opts.largeTables}`),
    enrichSmallWarm: med('enrich 10 warm'),
    unchangedSmallWarm: med('unchanged 10 warm'),
    cpu: Object.fromEntries(Object.keys(cpus).map((name) => [name, med(name, cpus)])),
    load: [Math.round(loadAtStart * 10) / 10, Math.round(loadavg()[0] * 10) / 10],
    largeTables: opts.largeTables,
    fromSources: [...fromSources],
  };
}

export function cliReportLines(f: CliReport): string[] {
  const ok = (v: number, target: number) => (v <= target ? 'ok' : 'OVER');
  const T = CLI_TARGETS;
  const cpu = (name: string) => `${f.cpu[name]} s CPU`;
  const L = f.largeTables;
  return [
    `load average ${f.load[0]} at the start, ${f.load[1]} at the end; wall medians, CPU = user+system medians`,
    `node -e 0           ${f.nodeBare} s, ${cpu('node -e 0')} (the machine's floor in this run)`,
    `grainline --version ${f.version} s, ${cpu('--version')}`,
    // the target is for the warm path: a cold command also boots Temporal's server (README, "Start-up")
    `enrich 10 tables, up serving  ${f.enrichSmallWarm} s, ${cpu('enrich 10 warm')} (new db; CPU adds up's own)   target <= ${T.enrichSmallSeconds} s  ${ok(f.enrichSmallWarm, T.enrichSmallSeconds)}`,
    `  unchanged re-run  ${f.unchangedSmallWarm} s, ${cpu('unchanged 10 warm')}`,
    `enrich 10 tables, cold server ${f.enrichSmall} s, ${cpu('enrich 10')} (new db; boots Temporal's server, whose CPU is not counted: no ${T.enrichSmallSeconds} s target)`,
    `  unchanged re-run  ${f.unchangedSmall} s, ${cpu('unchanged 10')}`,
    `unchanged ${L}     ${f.unchangedLarge} s, ${cpu(`unchanged ${L}`)}   target <= ${T.unchangedLargeSeconds} s  ${ok(f.unchangedLarge, T.unchangedLargeSeconds)}; first run ${f.firstLarge} s, ${cpu(`first ${L}`)}`,
    `search ${L}        ${f.searchLarge} s, ${cpu(`search ${L}`)}   target <= ${T.searchSeconds} s  ${ok(f.searchLarge, T.searchSeconds)}`,
    ...(f.fromSources.length ? [`NOT COMPILED (a source changed mid-bench; tsx ran): ${f.fromSources.join(', ')}`] : []),
  ];
}
