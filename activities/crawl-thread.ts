import { parentPort, workerData } from 'node:worker_threads';
import { crawlCommit, type CrawlInput } from './crawl-commit.js';
import { toThreadError } from '../infra/errors.js';
import { setLimits } from '../enrichers/limits.js';

const { input, commit } = workerData as { input: CrawlInput; commit: string };
// the run's limits, for this thread and the analysis threads it starts (crawl.ts always sets them)
setLimits(input.config?.limits ?? {});
try {
  const result = await crawlCommit(input, commit, (beat) => parentPort!.postMessage({ beat }));
  parentPort!.postMessage({ result });
} catch (err) {
  parentPort!.postMessage({ error: toThreadError(err) });
}
