import type { CrawlInput } from './crawl-commit.js';
import { localRepo } from '../infra/git/repo-mirror.js';
import { workerDirFor } from '../infra/config/worker-dir.js';
import { statePaths } from '../infra/run-folder/run-paths.js';

/**
 * What a crawl names by what every worker reaches (a repo URL, the catalog) turned
 * into this worker's own: its mirror of the repo and its analysis caches. Neither
 * goes back into the workflow: results name the commit and the run folder only.
 */
export async function onThisWorker(input: CrawlInput): Promise<CrawlInput> {
  const own = workerDirFor(input.dbUri);
  const repo = await localRepo(input.repo, input.ref, own);
  const cacheDir = input.cacheDir ?? (input.dbUri === undefined ? undefined : statePaths(own).analysisCache);
  return { ...input, repo, cacheDir };
}
