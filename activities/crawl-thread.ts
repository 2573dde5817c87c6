import { parentPort, workerData } from 'node:worker_threads';
import { crawlCommit, type CrawlInput } from './crawl-commit.js';
import { toThreadError } from '../infra/errors.js';

const { input, commit } = workerData as { input: CrawlInput; commit: string };
try {
  const result = await crawlCommit(input, commit, (beat) => parentPort!.postMessage({ beat }));
  parentPort!.postMessage({ result });
} catch (err) {
  parentPort!.postMessage({ error: toThreadError(err) });
}
