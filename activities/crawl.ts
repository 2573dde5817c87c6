import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { CrawlBeat, CrawlInput, CrawlResult } from './crawl-commit.js';
import { fromThreadError, type ThreadError } from '../infra/errors.js';
import { keepBeating, lastHeartbeat } from './heartbeat.js';
import { resolveCommit } from '../infra/git/repo-files.js';
import { pickEmbedder } from '../infra/store/embedder.js';
import { runConfigOr } from '../infra/config/run-config.js';
import { workerSettings } from '../infra/config/worker-settings.js';

export type { CrawlInput, CrawlResult } from './crawl-commit.js';
export { safeHeartbeat } from './heartbeat.js';

/**
 * Pins the ref and crawls that commit in a thread of its own. The crawl holds the
 * whole catalog at once (gigabytes at 100k tables); in its own thread that heap goes
 * back to the OS when the crawl ends, instead of staying under the worker's later
 * stages and its next runs.
 */
export async function crawlRepo(given: CrawlInput): Promise<CrawlResult> {
  const input = { ...given, config: runConfigOr(given.config) };
  // A retry crawls the commit the first attempt pinned, even if the branch moved since.
  const commit = lastHeartbeat<CrawlBeat>()?.commit ?? (await resolveCommit(input.repo, input.ref));
  let beat: CrawlBeat = { commit, stage: 'read' };
  const stop = keepBeating(() => beat);
  const onBeat = (b: Omit<CrawlBeat, 'commit'>) => (beat = { commit, ...b });
  try {
    let result: CrawlResult;
    try {
      result = await crawlInThread(input, commit, onBeat, crawlHeapMb());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
      console.warn(`grainline: the crawl outgrew its ${crawlHeapMb()} MB heap (GRAINLINE_CRAWL_HEAP_MB); crawling again with ${fullHeapMb()} MB`);
      result = await crawlInThread(input, commit, onBeat, fullHeapMb());
    }
    // the default depends on the catalog's size, known from here on
    return { ...result, embedder: pickEmbedder(input.config.embedding, result.tables) };
  } finally {
    stop();
  }
}

const fullHeapMb = () => Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);

/**
 * The crawl thread's heap cap. Left to the process default, V8 lets garbage pile up
 * to gigabytes before collecting; a cap near what 100k tables keep live makes it
 * collect sooner. A repo that needs more is crawled again uncapped.
 */
function crawlHeapMb(): number {
  return Math.min(fullHeapMb(), workerSettings().crawlHeapMb);
}

type ThreadMessage =
  | { beat: Omit<CrawlBeat, 'commit'> }
  | { result: CrawlResult }
  | { error: ThreadError };

function crawlInThread(input: CrawlInput, commit: string, beat: (b: Omit<CrawlBeat, 'commit'>) => void, heapMb: number): Promise<CrawlResult> {
  const worker = new Worker(new URL('./crawl-thread.mjs', import.meta.url), {
    workerData: { input, commit },
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  return new Promise<CrawlResult>((resolve, reject) => {
    worker.on('message', (m: ThreadMessage) => {
      if ('beat' in m) beat(m.beat);
      else if ('result' in m) resolve(m.result);
      else reject(fromThreadError(m.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the crawl thread exited (${code}) before it finished`)));
  }).finally(() => void worker.terminate());
}
