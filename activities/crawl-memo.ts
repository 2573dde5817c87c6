import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeVersion } from '../infra/cache/code-version.js';
import { crawlRepo, type CrawlInput, type CrawlResult } from './crawl.js';
import type { CrawlBeat } from './crawl-commit.js';
import { lastHeartbeat } from './heartbeat.js';
import { resolveCommit } from '../infra/git/repo-files.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import { runConfigOr } from '../infra/config/run-config.js';
import { resolveSettings } from '../infra/config/resolve-config.js';
import { onThisWorker } from './worker-repo.js';

interface CrawlMemo {
  key: string;
  /** the run folder holding the crawl's files: the latest run that made or reused them */
  runDir: string;
  result: CrawlResult;
}

const MEMO_FILE = 'crawl-memo.json';

/**
 * The crawl, or the last crawl's files when nothing it reads has changed. What a crawl
 * writes (catalog shards and their keys, the index, its warnings) follows from the
 * commit, the crawl's options, the run's limits and embedder choice and the code alone (two crawls of
 * one commit write identical files), so a night on an unchanged commit copies them into
 * its run folder instead of reading, analysing and linking the repo again: the link
 * stage alone is most of an unchanged 10k-table run. Anything else (another commit, an
 * edit to the code, a snapshot for the model, no cache dir) crawls as before.
 */
export async function crawlRepoOrReuse(given: CrawlInput): Promise<CrawlResult> {
  const input = await onThisWorker(given);
  if (!input.cacheDir || input.snapshot) return crawlRepo(input);
  const memoPath = join(input.cacheDir, MEMO_FILE);
  const commit = lastHeartbeat<CrawlBeat>()?.commit ?? (await resolveCommit(input.repo, input.ref));
  const memo = readMemo(memoPath);
  if (memo && memo.key === crawlKey(input, commit) && memo.runDir !== input.runDir) {
    const started = performance.now();
    // a pruned or damaged run folder is only a miss: the crawl below remakes it
    const copied = await copyCrawlFiles(memo.runDir, input.runDir).then(() => true, () => false);
    if (copied) {
      const paths = runPaths(input.runDir);
      const result: CrawlResult = {
        ...memo.result,
        shardPaths: memo.result.shardPaths.map((_, i) => paths.catalogShard(i)),
        analysis: { units: memo.result.analysis.units, cached: memo.result.analysis.units },
        ms: { reused: Math.round(performance.now() - started) },
      };
      await writeMemo(memoPath, { ...memo, runDir: input.runDir, result });
      return result;
    }
  }
  const result = await crawlRepo(input);
  // keyed by the commit crawled: the ref may have moved since it was resolved above
  await writeMemo(memoPath, { key: crawlKey(input, result.commit), runDir: input.runDir, result });
  return result;
}

/** Everything a crawl's files depend on besides the repo's content at the commit. */
export function crawlKey(input: CrawlInput, commit: string): string {
  const dbtFiles = [input.dbt?.dbtManifest, input.dbt?.dbtCatalog].map((f) => {
    const st = f ? statSync(f, { throwIfNoEntry: false }) : undefined;
    return f && [f, st?.size, st?.mtimeMs];
  });
  // the run's limits and embedder choice, and where this worker finds the model files (the choice checks them)
  const settings = [runConfigOr(input.config), resolveSettings().embeddingModelDir ?? null];
  return createHash('sha256')
    .update(JSON.stringify({
      commit,
      repo: input.repo,
      maxFileBytes: input.maxFileBytes,
      shardSize: input.shardSize ?? null,
      dbt: input.dbt ?? null,
      dbtFiles,
      settings,
      code: [codeVersion(), crawlCodeVersion(), process.version],
    }))
    .digest('hex');
}

let activitiesVersion: string | undefined;
/** codeVersion() covers the analyzers; the crawl's reading, linking and writing live in activities/ and infra/. */
function crawlCodeVersion(): string {
  if (activitiesVersion) return activitiesVersion;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const h = createHash('sha256');
  for (const sub of ['activities', 'infra']) {
    for (const f of (readdirSync(join(root, sub), { recursive: true }) as string[]).sort()) {
      // .ts in the source tree, .js (and the thread stubs' .mjs) in the compiled dist/
      if (/\.(ts|js|mjs)$/.test(f)) h.update(`${sub}/${f}`).update(readFileSync(join(root, sub, f)));
    }
  }
  activitiesVersion = h.digest('hex').slice(0, 16);
  return activitiesVersion;
}

/** The crawl's files only: the catalog folder, the index and the warnings. */
async function copyCrawlFiles(from: string, to: string): Promise<void> {
  const [src, dst] = [runPaths(from), runPaths(to)];
  const [srcCatalog, dstCatalog] = [src.catalogDir, dst.catalogDir];
  await mkdir(dstCatalog, { recursive: true });
  for (const f of await readdir(srcCatalog)) await copyFile(join(srcCatalog, f), join(dstCatalog, f));
  await copyFile(src.index, dst.index);
  await copyFile(src.warnings, dst.warnings);
}

function readMemo(path: string): CrawlMemo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CrawlMemo;
  } catch {
    return undefined;
  }
}

/** Whole or not at all (temporary file, then rename): a crashed write leaves the old memo. */
async function writeMemo(path: string, memo: CrawlMemo): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(memo));
    await rename(tmp, path);
  } catch {
    /* a memo that cannot be written only costs the next unchanged run a crawl */
  }
}
