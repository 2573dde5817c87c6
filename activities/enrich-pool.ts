import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { EnrichShardInput, EnrichShardResult } from './enrich-shard.js';
import { threadCount } from './thread-count.js';
import { workerSettings } from '../infra/config/worker-settings.js';
import { fromThreadError, type ThreadError } from '../infra/errors.js';
import { keepBeating } from './heartbeat.js';
import { shardWork } from './shard-fingerprints.js';

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (r: EnrichShardResult) => void; reject: (e: Error) => void }>;
}

/**
 * Heap cap of an enrich thread (MB). Uncapped, each thread's heap grows with a full
 * run's garbage to hundreds of MB; a shard that needs more is enriched in the worker
 * itself.
 */
const enrichHeapMb = (): number => workerSettings().enrichHeapMb;

/** Idle threads go after this long: between runs they would only hold memory. */
const IDLE_MS = 5_000;

const threads: Thread[] = [];
let nextId = 0;
/** threads started since the process began: what the start-up test counts */
let started = 0;
export const enrichThreadsStarted = (): number => started;
let idle: NodeJS.Timeout | undefined;

/**
 * `enrichShard` on worker threads. Under Temporal every activity runs on the
 * worker's one event loop: shards in flight would take turns on one core, and the
 * garbage of a full run's merging would stay in the worker's heap into the next
 * night's crawl. The activity's own thread only waits, and heartbeats.
 */
export async function enrichShardOnThread(input: EnrichShardInput): Promise<EnrichShardResult> {
  const stop = keepBeating(() => ({ shard: input.shard }));
  try {
    const nothing = await nothingToEnrich(input);
    if (nothing) return nothing;
    try {
      return await ask(threadFor(), input);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
      console.warn(`grainline: shard ${input.shard} outgrew an enrich thread's ${enrichHeapMb()} MB heap (GRAINLINE_ENRICH_HEAP_MB); enriching it in the worker itself`);
      // loaded here only: the merging code stays out of the worker's start
      return await (await import('./enrich-shard.js')).enrichShard(input);
    }
  } finally {
    stop();
    closeWhenIdle();
  }
}

/**
 * A shard whose tables are all unchanged is answered here: no thread starts and the
 * merge modules never load (an unchanged nightly run starts no enrich thread at all).
 * A shard that cannot be read goes on to a thread, which fails it with its own error.
 */
async function nothingToEnrich(input: EnrichShardInput): Promise<EnrichShardResult | undefined> {
  const work = await shardWork(input).catch(() => undefined);
  return work && !work.tables.length ? { enriched: 0, skipped: work.skipped, failed: 0, recordsPath: null } : undefined;
}

/** An idle thread, else a new one while the pool is below its size, else the least busy. */
function threadFor(): Thread {
  const idleThread = threads.find((t) => !t.pending.size);
  if (idleThread) return idleThread;
  if (threads.length < threadCount()) {
    const t = spawn();
    threads.push(t);
    return t;
  }
  return threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
}

/**
 * Starts threads ahead of the shards that will need them (the plan step calls it with
 * the number of shards holding new tables), so their start-up overlaps the plan and the
 * side inputs. Never more than there will be work for: each thread loads the merge code.
 */
export function warmEnrichThreads(shardsWithWork: number): void {
  while (threads.length < Math.min(shardsWithWork, threadCount())) threads.push(spawn());
  closeWhenIdle();
}

function closeWhenIdle(): void {
  clearTimeout(idle);
  if (threads.some((t) => t.pending.size)) return;
  idle = setTimeout(() => {
    if (threads.some((t) => t.pending.size)) return; // busy again: the next shard to finish re-arms the timer
    for (const t of threads.splice(0)) void t.worker.terminate();
  }, IDLE_MS).unref();
}

function spawn(): Thread {
  started++;
  // SHARE_ENV: the thread sees the embedder settings the activity sees, even if they changed since
  const worker = new Worker(new URL('./enrich-thread.mjs', import.meta.url), { env: SHARE_ENV, resourceLimits: { maxOldGenerationSizeMb: enrichHeapMb() } });
  worker.unref(); // an idle pool keeps no process alive
  const t: Thread = { worker, pending: new Map() };
  worker.on('message', (m: { id: number; result?: EnrichShardResult; error?: ThreadError }) => {
    const p = t.pending.get(m.id);
    t.pending.delete(m.id);
    if (!t.pending.size) worker.unref();
    if (m.error) p?.reject(fromThreadError(m.error));
    else p?.resolve(m.result!);
  });
  const fail = (err: Error) => {
    const i = threads.indexOf(t);
    if (i >= 0) threads.splice(i, 1);
    for (const p of t.pending.values()) p.reject(err);
    t.pending.clear();
  };
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the enrich thread exited (${code})`)));
  return t;
}

function ask(t: Thread, input: EnrichShardInput): Promise<EnrichShardResult> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    t.pending.set(id, { resolve, reject });
    t.worker.ref();
    t.worker.postMessage({ id, input });
  });
}
