import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { EnrichShardInput, EnrichShardResult } from './enrich-shard.js';
import { threadCount } from './thread-count.js';
import { workerSettings } from '../infra/config/worker-settings.js';
import { fromThreadError, type ThreadError } from '../infra/errors.js';
import { keepBeating } from './heartbeat.js';

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
    warmEnrichThreads();
    try {
      return await ask(threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a)), input);
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

/** Starts the threads ahead of the shards (the plan step calls it), so their start-up overlaps its work. */
export function warmEnrichThreads(): void {
  while (threads.length < threadCount()) threads.push(spawn());
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
