import { Worker } from 'node:worker_threads';
import type { FileFacts } from '../schemas/facts.js';
import { workerSettings } from '../infra/config/worker-settings.js';
import { currentLimits } from '../enrichers/limits.js';
import { threadCount } from './thread-count.js';
import { loadPythonParser } from '../enrichers/python/parser.js';
import { unpackFacts, type AnalysisCache } from '../infra/cache/analysis-cache.js';
import { analysisUnits, analyzeUnit, filesByName, missingContext, type AnalysisUnit } from './analysis-units.js';
import type { ThreadResult, ThreadTask, UnitFacts } from './analyze-thread.js';
import type { RepoFile } from '../infra/git/repo-files.js';

/** Units per message: big enough to amortise copying, small enough to balance two threads. */
const TASK_BYTES = 128 * 1024;

export interface AnalysisProgress {
  units: number;
  cached: number;
  done: number;
}

/**
 * `analyzeRepo` over the whole snapshot, spread over worker threads (the SQL parser
 * is the crawl's bottleneck, and the activity's own thread must stay free to
 * heartbeat). Units found in the cache are not analysed again. Facts come back in
 * unit order whatever thread finished first, so a run's catalog does not depend on
 * the machine's core count.
 */
export async function analyzeInParallel(
  files: RepoFile[],
  opts: {
    /** facts kept from the last run: units found there are not analysed again */
    cache?: AnalysisCache;
    /** where dbt projects keep parsed SQL between runs (a 1% change re-renders the project, not re-parses it) */
    memoDir?: string;
    threads?: number;
    onProgress?: (p: AnalysisProgress) => void;
  },
): Promise<{ facts: FileFacts[]; units: number; cached: number }> {
  const units = analysisUnits(files);
  const cache = opts.cache;
  await cache?.select(new Set(units.map((u) => u.key)));
  const results: (FileFacts[] | undefined)[] = new Array(units.length);
  const fresh = units.map((_, i) => i).filter((i) => !cache?.has(units[i].key));
  const progress = { units: units.length, cached: units.length - fresh.length, done: 0 };
  const byName = filesByName(files);

  const finish = async (i: number, result: UnitFacts) => {
    const u = units[i];
    let packed = Array.isArray(result) ? undefined : result.packed;
    let facts = packed ? unpackFacts(packed) : (result as FileFacts[]);
    // A DAG computed a template name its source never spells out: analyse it again
    // with every file of that name, as the whole-repo analysis would have seen them.
    const extra = missingContext(u, facts, byName);
    if (extra.length) [facts, packed] = [analyzeUnit({ owned: u.owned, context: [...u.context, ...extra] }, await loadPythonParser()), undefined];
    results[i] = facts;
    await cache?.put(u.key, facts, packed);
    progress.done++;
    opts.onProgress?.({ ...progress });
  };
  const analyze = async (ids: number[]) => {
    const tasks = packTasks(ids.map((i) => ({ u: units[i], i })));
    await runOnThreads(tasks, Math.max(1, Math.min(opts.threads ?? threadCount(), tasks.length)), opts.memoDir, finish);
  };
  await analyze(fresh);
  // The threads are gone: only now are the kept facts parsed (see AnalysisCache).
  const kept = await cache?.load(units.filter((_, i) => !results[i]).map((u) => u.key));
  const unreadable: number[] = [];
  units.forEach((u, i) => {
    if (!results[i]) (kept?.has(u.key) ? (results[i] = kept.get(u.key)) : unreadable.push(i));
  });
  if (unreadable.length) {
    progress.cached -= unreadable.length;
    await analyze(unreadable);
  }
  await cache?.commit();
  return { facts: results.flatMap((r) => r!), units: units.length, cached: progress.cached };
}

function packTasks(pending: { u: AnalysisUnit; i: number }[]): { ids: number[]; units: ThreadTask['units']; weight: number }[] {
  const tasks: { ids: number[]; units: ThreadTask['units']; weight: number }[] = [];
  let cur: (typeof tasks)[number] | undefined;
  for (const { u, i } of pending) {
    if (!cur || cur.weight >= TASK_BYTES) tasks.push((cur = { ids: [], units: [], weight: 0 }));
    cur.ids.push(i);
    cur.units.push({ owned: u.owned, context: u.context, key: u.key });
    cur.weight += u.weight;
  }
  // largest first: the dbt project starts at once, the small folders fill in around it
  return tasks.sort((a, b) => b.weight - a.weight);
}

async function runOnThreads(
  tasks: { ids: number[]; units: ThreadTask['units'] }[],
  threads: number,
  memoDir: string | undefined,
  finish: (unitIndex: number, facts: UnitFacts) => Promise<void>,
): Promise<void> {
  if (!tasks.length) return;
  let next = 0;
  const lane = async () => {
    let thread: { worker: Worker; capped: boolean } | undefined;
    const on = async (capped: boolean) => {
      if (thread?.capped !== capped) {
        await thread?.worker.terminate();
        const resourceLimits = capped ? { maxOldGenerationSizeMb: smallUnitHeapMb() } : undefined;
        thread = { worker: new Worker(new URL('./analyze-thread.mjs', import.meta.url), { resourceLimits, workerData: { limits: currentLimits() } }), capped };
      }
      return thread.worker;
    };
    try {
      while (next < tasks.length) {
        const id = next++;
        const task = { id, units: tasks[id].units, memoDir };
        // The largest task (the dbt project) comes first and gets the default heap;
        // the lane goes on with a fresh, capped thread only if much is left to do.
        const capped = id > 0 && (!thread || thread.capped || tasks.length - id > RESTART_AFTER_BIG);
        let facts: UnitFacts[];
        try {
          facts = await ask(await on(capped), task);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY' || !capped) throw err;
          console.warn(`grainline: ${task.units.length} analysis unit(s) outgrew the ${smallUnitHeapMb()} MB heap (GRAINLINE_SMALL_UNIT_HEAP_MB); analysing them again uncapped`);
          facts = await ask(await on(false), task);
        }
        for (const [k, f] of facts.entries()) await finish(tasks[id].ids[k], f);
      }
    } finally {
      await thread?.worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: threads }, lane));
}

/**
 * Heap cap of threads analysing small units (MB; GRAINLINE_SMALL_UNIT_HEAP_MB). Left
 * uncapped, V8 lets each grow to half a gigabyte of garbage while a full run parses
 * tens of thousands of SQL files; a unit that outgrows the cap is analysed again
 * on an uncapped thread.
 */
const smallUnitHeapMb = (): number => workerSettings().smallUnitHeapMb;
/** Tasks that must be left after the largest for its lane to trade its big heap for a fresh thread. */
const RESTART_AFTER_BIG = 64;

function ask(worker: Worker, task: ThreadTask): Promise<UnitFacts[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (r: ThreadResult) => {
      if (r.id !== task.id) return;
      cleanup();
      if (r.error) reject(new Error(`analysis thread failed: ${r.error}`));
      else resolve(r.facts!);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`analysis thread exited (${code})`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}

