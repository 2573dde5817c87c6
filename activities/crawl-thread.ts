import { parentPort, workerData } from 'node:worker_threads';
import { crawlCommit, type CrawlInput } from './crawl-commit.js';

const { input, commit } = workerData as { input: CrawlInput; commit: string };
try {
  const result = await crawlCommit(input, commit, (beat) => parentPort!.postMessage({ beat }));
  parentPort!.postMessage({ result });
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  parentPort!.postMessage({ error: { name: e.name, message: e.message, stack: e.stack } });
}
