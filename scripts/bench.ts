/**
 * npm run bench -- [--tables 100000] [--runs 3] [--full-runs N] [--seed 7] [--no-direct]
 *                   [--cli | --no-cli] [--cli-tables 10000] [--no-two-workers]
 *
 * First the command line's own speed (scripts/bench-cli.ts: whole `grainline`
 * processes beside a bare `node -e 0`); `--cli` stops there, `--no-cli` skips it.
 *
 * Speed of the pipeline on a generated monorepo (cached under .grainline/bench/):
 * full runs through Temporal (a worker in a child process, as in production) and the
 * same work in-process (runDirect), incremental runs with 1% of the defining files
 * changed, an unchanged re-run, the worker's peak RSS, and a full run on two workers
 * (the second with a work dir of its own) beside the one-worker runs: on a 2-core
 * machine expect little speedup; it shows that the shards spread. Reports medians of `runs`
 * runs and writes every figure to .grainline/bench/results-<tables>-<time>.json.
 * Speed targets live here, not in tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CrawlResult } from '../activities/crawl.js';
import { openTemporal, type TemporalHandle } from '../cli/temporal-runtime.js';
import { completedActivity, historyOfRun, shardWorkers } from '../cli/workflow-history.js';
import type { RunSummary } from '../schemas/run-record.js';
import type { EnrichInput } from '../workflows/pipeline.js';
import { benchRepo, type BenchRepo } from './bench-fixture.js';
import { procStats, resetPeak, type ProcStats } from './bench-proc.js';
import { cliBench, cliReportLines } from './bench-cli.js';
import { searchLatency, type SearchLatency } from './bench-search.js';
import { projectRoot } from '../cli/temporal-cli.mjs';

interface Measured extends ProcStats {
  wallSeconds: number;
  summary: RunSummary;
  /** 1-minute load average when the run ended: the machine may be shared */
  load: number;
  /** the crawl's own figures (stage times, analysis units reused), Temporal runs only */
  crawl?: Pick<CrawlResult, 'analysis' | 'ms'>;
  /** shard activities each worker process ran (two-worker runs) */
  shardsPerWorker?: Record<string, number>;
}

/** What the README asks of a long-lived worker; the direct runs get it too, so the ratio compares like with like. */
const WORKER_ENV = {
  MALLOC_ARENA_MAX: '2',
  GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072',
};

const TARGETS = { fullSeconds: 600, incrementalSeconds: 60, ratio: 1.2, peakRssMb: 2048 };

export async function benchMain(argv: string[]): Promise<number> {
  const { values: o } = parseArgs({
    args: argv,
    options: {
      tables: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      // full runs take minutes each at 100k: fewer of them than of the incremental ones
      'full-runs': { type: 'string' },
      seed: { type: 'string', default: '7' },
      // with allowNegative, `--no-direct` is the negation of `--direct`, not an option of its own
      direct: { type: 'boolean', default: true },
      cli: { type: 'boolean' },
      'cli-tables': { type: 'string', default: '10000' },
      'two-workers': { type: 'boolean', default: true },
    },
    allowNegative: true,
  });
  if (o.cli !== false) {
    const cli = await cliBench({ runs: Number(o.runs), seed: Number(o.seed), largeTables: Number(o['cli-tables']) });
    const dir = join(projectRoot, '.grainline', 'bench');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `results-cli-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify(cli, null, 1));
    console.log([...cliReportLines(cli), `all figures: ${out}`].join('\n'));
    if (o.cli) return 0;
  }
  const tables = Number(o.tables);
  const runs = Number(o.runs);
  const fullRuns = Number(o['full-runs'] ?? o.runs);
  const dir = join(projectRoot, '.grainline', 'bench');
  const fixture = await benchRepo(dir, tables, Number(o.seed), runs);
  const work = join(dir, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const temporal = await openTemporal();
  const taskQueue = `bench-${process.pid}`;
  const worker = await startWorker(temporal.address, taskQueue, work);
  const bench = new Bench(temporal, taskQueue, worker.pid!, fixture, work);
  const results: Record<string, Measured[]> = { temporalFull: [], directFull: [], unchanged: [], incremental: [], incrementalDirect: [], twoWorkers: [] };
  let tDb = '';
  try {
    let dDb = '';
    for (let r = 1; r <= fullRuns; r++) {
      tDb = bench.freshDb(`t${r}`);
      results.temporalFull.push(await bench.temporal(tDb, fixture.base, `t-full-${r}`));
      if (o.direct) {
        dDb = bench.freshDb(`d${r}`);
        results.directFull.push(await bench.direct(dDb, fixture.base, `d-full-${r}`));
      }
    }
    results.unchanged.push(await bench.temporal(tDb, fixture.base, 'unchanged'));
    // each run moves one commit along the chain: 1% of files changed, in content no run has seen
    for (let r = 1; r <= runs; r++) {
      const ref = fixture.heads![r - 1];
      results.incremental.push(await bench.temporal(tDb, ref, `t-inc-${r}`));
      if (o.direct) results.incrementalDirect.push(await bench.direct(dDb, ref, `d-inc-${r}`));
    }
    if (o['two-workers']) results.twoWorkers.push(await bench.twoWorkers(await startWorker(temporal.address, taskQueue, work, 'worker-2')));
  } finally {
    await stopProcess(worker);
    await temporal.close();
  }
  const search = await searchLatency(tDb, `${fixture.repo}.truth.json`);
  const report = { ...summarize(results, fixture), search };
  const out = join(dir, `results-${tables}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify({ tables, runs, fullRuns, fixture, report, results }, null, 1));
  printReport(report, out);
  return 0;
}

class Bench {
  constructor(
    private readonly t: TemporalHandle,
    private readonly taskQueue: string,
    private readonly workerPid: number,
    private readonly fixture: BenchRepo,
    private readonly work: string,
  ) {}

  freshDb(name: string): string {
    const db = join(this.work, name);
    rmSync(db, { recursive: true, force: true });
    return db;
  }

  private input(db: string, ref: string, runId: string): EnrichInput {
    return {
      repo: this.fixture.repo,
      ref,
      dbUri: db,
      stateDir: join(db, '_grainline'),
      runId,
      full: false,
      usagePaths: [],
      annotationsDir: join(this.fixture.repo, 'annotations'),
      maxFileBytes: 1 << 20,
    };
  }

  async temporal(db: string, ref: string, runId: string): Promise<Measured> {
    resetPeak(this.workerPid);
    const before = procStats(this.workerPid).cpuSeconds;
    const started = performance.now();
    const handle = await this.t.client.workflow.start('enrichWorkflow', {
      taskQueue: this.taskQueue,
      workflowId: `bench-${runId}-${process.pid}`,
      args: [this.input(db, ref, runId)],
    });
    const summary = (await handle.result()) as RunSummary;
    const wallSeconds = (performance.now() - started) / 1000;
    const after = procStats(this.workerPid);
    this.dropRunDir(db, runId);
    const crawl = (await completedActivity<CrawlResult>(handle, 'crawlRepo'))?.result;
    return this.log(runId, {
      summary, wallSeconds, peakRssMb: after.peakRssMb, cpuSeconds: after.cpuSeconds - before, load: loadavg()[0],
      crawl: crawl && { analysis: crawl.analysis, ms: crawl.ms },
    });
  }

  /** A full run with `second` polling beside the first; CPU is both workers' together. */
  async twoWorkers(second: ChildProcess): Promise<Measured> {
    try {
      const before = procStats(second.pid!).cpuSeconds;
      const m = await this.temporal(this.freshDb('t2w'), this.fixture.base, 't2w-full');
      const shards = shardWorkers(await historyOfRun(this.t.client, `bench-t2w-full-${process.pid}`));
      const shardsPerWorker = Object.fromEntries([...shards].map(([pid, n]) => [pid === String(second.pid) ? 'second' : 'first', n]));
      console.error(`bench: two workers ran ${JSON.stringify(shardsPerWorker)} shards`);
      return { ...m, cpuSeconds: m.cpuSeconds + procStats(second.pid!).cpuSeconds - before, shardsPerWorker };
    } finally {
      await stopProcess(second);
    }
  }

  async direct(db: string, ref: string, runId: string): Promise<Measured> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'bench-direct.ts'), JSON.stringify(this.input(db, ref, runId))], {
      cwd: projectRoot,
      env: { ...process.env, ...WORKER_ENV },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`direct run ${runId} exited ${code}`);
    this.dropRunDir(db, runId);
    return this.log(runId, { ...JSON.parse(out.trim().split('\n').at(-1)!), load: loadavg()[0] });
  }

  /** Run folders hold a copy of the catalog and records (~1 GB at 100k): not kept. */
  private dropRunDir(db: string, runId: string): void {
    rmSync(join(db, '_grainline', 'runs', runId), { recursive: true, force: true });
  }

  private log(runId: string, m: Measured): Measured {
    const s = m.summary;
    const crawl = m.crawl ? `  crawl ${JSON.stringify(m.crawl.ms)} units ${m.crawl.analysis.cached}/${m.crawl.analysis.units} reused` : '';
    console.error(
      `bench: ${runId.padEnd(12)} ${m.wallSeconds.toFixed(1).padStart(7)} s wall  ${m.cpuSeconds.toFixed(0).padStart(5)} s cpu  ` +
        `${String(m.peakRssMb).padStart(5)} MB peak  tables ${s.tables} enriched ${s.enriched} skipped ${s.skipped}  load ${m.load.toFixed(1)}${crawl}`,
    );
    return m;
  }
}

/** The first worker keeps its caches beside the run's db, as single-host runs do; another gets a work dir of its own. */
async function startWorker(address: string, taskQueue: string, work: string, own?: string): Promise<ChildProcess> {
  const where = own ? ['--work-dir', join(work, own)] : ['--db', join(work, 'worker')];
  const proc = spawn(process.execPath, [join(projectRoot, 'bin', 'grainline.js'), 'worker', ...where], {
    cwd: projectRoot,
    env: { ...process.env, ...WORKER_ENV, TEMPORAL_ADDRESS: address, GRAINLINE_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d) => {
      err += d;
      process.stderr.write(d);
      if (/worker polling/.test(err)) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
  return proc;
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function summarize(r: Record<string, Measured[]>, fixture: BenchRepo) {
  const wall = (k: string) => round(median(r[k].map((m) => m.wallSeconds)));
  const cpu = (k: string) => round(median(r[k].map((m) => m.cpuSeconds)), 0);
  const ratio = round(median(r.temporalFull.map((m) => m.wallSeconds)) / median(r.directFull.map((m) => m.wallSeconds)), 2);
  const peak = Math.max(...[...r.temporalFull, ...r.unchanged, ...r.incremental].map((m) => m.peakRssMb));
  const inc = r.incremental.map((m) => m.summary);
  return {
    tables: r.temporalFull[0]?.summary.tables,
    changedFiles: fixture.changedFiles,
    fullTemporalSeconds: { median: wall('temporalFull'), cpu: cpu('temporalFull'), target: TARGETS.fullSeconds },
    fullDirectSeconds: { median: wall('directFull'), cpu: cpu('directFull') },
    temporalOverDirect: { median: ratio, pairs: r.temporalFull.map((m, i) => round(m.wallSeconds / (r.directFull[i]?.wallSeconds ?? NaN), 2)), target: TARGETS.ratio },
    incrementalSeconds: { median: wall('incremental'), cpu: cpu('incremental'), target: TARGETS.incrementalSeconds },
    incrementalDirectSeconds: { median: wall('incrementalDirect') },
    incrementalCounts: inc.map((s) => ({ enriched: s.enriched, skipped: s.skipped })),
    unchanged: { seconds: wall('unchanged'), enriched: r.unchanged[0]?.summary.enriched, skipped: r.unchanged[0]?.summary.skipped },
    workerPeakRssMb: { max: peak, fullMedian: median(r.temporalFull.map((m) => m.peakRssMb)), target: TARGETS.peakRssMb },
    directPeakRssMb: { median: median(r.directFull.map((m) => m.peakRssMb)) },
    twoWorkers: { seconds: wall('twoWorkers'), cpu: cpu('twoWorkers'), shards: r.twoWorkers[0]?.shardsPerWorker },
    loadAverages: Object.values(r).flat().map((m) => round(m.load)),
  };
}

function printReport(report: ReturnType<typeof summarize> & { search: SearchLatency }, out: string): void {
  const ok = (v: number, target: number) => (v <= target ? 'ok' : 'OVER');
  const f = report;
  console.log(
    [
      `tables ${f.tables}, 1% change = ${f.changedFiles} files`,
      `full via Temporal   ${f.fullTemporalSeconds.median} s median (cpu ${f.fullTemporalSeconds.cpu} s)   target <= ${TARGETS.fullSeconds} s  ${ok(f.fullTemporalSeconds.median, TARGETS.fullSeconds)}`,
      `full direct         ${f.fullDirectSeconds.median} s median (cpu ${f.fullDirectSeconds.cpu} s)`,
      `Temporal / direct   ${f.temporalOverDirect.median} (pairs ${f.temporalOverDirect.pairs.join(', ')})   target <= ${TARGETS.ratio}  ${ok(f.temporalOverDirect.median, TARGETS.ratio)}`,
      `incremental 1%      ${f.incrementalSeconds.median} s median (cpu ${f.incrementalSeconds.cpu} s; direct ${f.incrementalDirectSeconds.median} s)   target <= ${TARGETS.incrementalSeconds} s  ${ok(f.incrementalSeconds.median, TARGETS.incrementalSeconds)}`,
      `  enriched/skipped  ${f.incrementalCounts.map((c) => `${c.enriched}/${c.skipped}`).join(', ')}`,
      `unchanged re-run    ${f.unchanged.seconds} s, enriched ${f.unchanged.enriched}, skipped ${f.unchanged.skipped}`,
      `full on 2 workers   ${f.twoWorkers.seconds} s (cpu ${f.twoWorkers.cpu} s; 1 worker ${f.fullTemporalSeconds.median} s), shards ${JSON.stringify(f.twoWorkers.shards ?? {})}`,
      `worker peak RSS     ${f.workerPeakRssMb.max} MB max (full runs median ${f.workerPeakRssMb.fullMedian} MB)   target <= ${TARGETS.peakRssMb} MB  ${ok(f.workerPeakRssMb.max, TARGETS.peakRssMb)}`,
      `direct peak RSS     ${f.directPeakRssMb.median} MB median`,
      `search in-process   p50 ${f.search.p50Ms} ms, p95 ${f.search.p95Ms} ms (cpu ${f.search.cpuP50Ms} / ${f.search.cpuP95Ms} ms) over ${f.search.queries} questions, ${f.search.rows} tables${f.search.vectorIndex ? ', vector index' : ''}, load ${f.search.load.join(' → ')}   target p50 <= ${f.search.target} ms  ${ok(f.search.p50Ms, f.search.target)}`,
      `load averages       ${f.loadAverages.join(' ')}`,
      `all figures: ${out}`,
    ].join('\n'),
  );
}
