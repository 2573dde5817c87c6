import { mkdir, writeFile } from 'node:fs/promises';
import { summarizeWarnings, type WarningSummary } from '../enrichers/warnings-summary.js';
import { dirname, join } from 'node:path';
import type { CatalogEntry } from '../schemas/catalog.js';
import type { Warning } from '../schemas/facts.js';
import { entryLine, linkCatalog } from '../enrichers/catalog/link.js';
import { findCodeownersFile, parseCodeowners } from '../enrichers/owners/codeowners.js';
import { rankAuthors } from '../enrichers/owners/git-history.js';
import { assembleOwners } from '../enrichers/owners/assemble.js';
import { codeownersByTable } from '../enrichers/owners/codeowners-calibrate.js';
import { creatorOwners } from '../enrichers/owners/creator-owners.js';
import { ownerTable } from '../enrichers/owners/owner-table.js';
import { inferOwners, readOwnerSources } from '../enrichers/owners/infer-owners.js';
import { findSimilarTables } from '../enrichers/similar/similar-tables.js';
import { AnalysisCache } from '../infra/cache/analysis-cache.js';
import { analyzeInParallel } from './analyze-parallel.js';
import type { RunConfig } from '../infra/config/run-config.js';
import { readGitHistory } from '../infra/git/git-history.js';
import { declaredOwners } from '../infra/cache/owners-cache.js';
import { writeJsonl } from '../infra/run-folder/jsonl.js';
import type { IndexLine } from './catalog-index.js';
import { readRepoFiles, type DbtArtifactInput } from '../infra/git/repo-files.js';
import { runPaths, SHARD_SIZE } from '../infra/run-folder/run-paths.js';
import { runInputPath } from '../infra/run-folder/run-inputs.js';

export interface CrawlInput {
  repo: string;
  ref: string;
  runDir: string;
  maxFileBytes: number;
  /** write the files read to `<runDir>/snapshot`, for the model's context and tools */
  snapshot?: boolean;
  /** tables per catalog shard (default SHARD_SIZE) */
  shardSize?: number;
  /** where analysis results are kept between runs; none: analyse everything (or, with `dbUri`, this worker's own) */
  cacheDir?: string;
  /** the catalog the run writes: a crawl given one caches in its worker's dir (infra/config/worker-dir.ts) */
  dbUri?: string;
  /** dbt artifacts and target given on the command line */
  dbt?: DbtArtifactInput;
  /** the run's limits and embedder choice (infra/config); absent: this worker's own */
  config?: RunConfig;
}

export interface CrawlResult {
  commit: string;
  commitTime: number;
  files: number;
  tables: number;
  shards: number;
  shardPaths: string[];
  warnings: number;
  /** counts per warning code and the first few in full (absent in histories recorded before they existed) */
  warningSummary?: WarningSummary;
  /** analysis units, and how many were reused (unchanged since the last run, or done by a crashed attempt) */
  analysis: { units: number; cached: number };
  /** milliseconds per stage, for benchmarks and slow nights */
  ms: Record<string, number>;
  /** the embedder every shard and the writer use, chosen once here (absent in histories recorded before) */
  embedder?: string;
}

/** What the crawl heartbeats: a retry crawls the same commit and says how far the last got. */
export interface CrawlBeat {
  commit: string;
  stage: string;
  units?: number;
  cached?: number;
  done?: number;
}

/**
 * Reads the tree at `commit` once, analyses it on every core (reusing the facts of
 * units unchanged since the last run), links it, and writes catalog shards.
 */
export async function crawlCommit(input: CrawlInput, commit: string, beat: (b: Omit<CrawlBeat, 'commit'>) => void): Promise<CrawlResult> {
  const ms: Record<string, number> = {};
  let stage = 'read';
  let since = performance.now();
  const report = (b: Omit<CrawlBeat, 'commit'>) => {
    if (b.stage !== stage) {
      ms[stage] = Math.round(performance.now() - since);
      [stage, since] = [b.stage, performance.now()];
    }
    beat(b);
  };
  const paths = runPaths(input.runDir);
  const shardSize = input.shardSize ?? SHARD_SIZE;
  // git log runs in its own process: it reads the history while the threads analyse
  const history = readGitHistory(input.repo, commit, input.cacheDir);
  history.catch(() => undefined); // awaited below; a failure surfaces there
  const read = await readAndAnalyze(input, commit, report);
  const { units, cached, shas, fileCount, co, coSha } = read;
  // The pack is whole before and after compaction: it is tidied while the catalog is linked and written.
  const compacting = read.cache?.compact().catch((err: Error) => console.warn(`grainline: the analysis cache was left uncompacted: ${err.message}`));
  report({ stage: 'link' });
  const linked = linkCatalog(read.facts, read.readWarnings);
  // The catalog's facts are the crawl's largest holding: the per-file lists go now,
  // and each entry goes as soon as its shard is written.
  read.facts = [];
  const entries: (CatalogEntry | undefined)[] = linked.entries;

  report({ stage: 'history' });
  const log = await history;
  const commitTime = await commitTimestamp(input.repo, commit);
  report({ stage: 'similar' });
  // owner facts added later carry no columns: these stay each entry's columns
  const columns = linked.entries.map(columnsOf);
  const similar = findSimilarTables(linked.entries.map((e, i) => ({ id: e.id, upstream: e.upstream, columns: columns[i] })));
  report({ stage: 'owners' });
  const codeowners = await declaredOwners(co.rules, coSha, input.cacheDir);
  const inferred = inferOwners(linked.entries, read.ownerSources);
  const identify = inferred.identities.lookup;
  const codeownersOf = codeownersByTable(linked.entries, codeowners.of);
  const created = creatorOwners(linked.entries.map(ownerTable), log);
  const finish = (e: CatalogEntry) => {
    const { facts, ownerKey } = assembleOwners(e.id, {
      codeowners: codeownersOf.get(e.id) ?? [],
      inferred: [...(inferred.byTable.get(e.id) ?? []), ...(created.get(e.id) ?? [])],
      git: rankAuthors(log, e.files, commitTime, { identify }),
    });
    return entryLine(e, { facts, similar: similar.get(e.id) ?? [] }, shas, ownerKey);
  };

  const allWarnings = [...co.warnings, ...linked.warnings];
  report({ stage: 'write' });
  await writeJsonl(paths.warnings, allWarnings);
  const tables = entries.length;
  const shards = Math.ceil(tables / shardSize);
  const index: IndexLine[] = [];
  await mkdir(paths.catalogDir, { recursive: true });
  for (let i = 0; i < shards; i++) {
    const lines: string[] = [];
    const keys: [string, string][] = [];
    for (let j = i * shardSize; j < Math.min(tables, (i + 1) * shardSize); j++) {
      const e = entries[j]!;
      const { line, fingerprint } = finish(e);
      index.push({ id: e.id, aliases: e.aliases, shard: i, columns: columns[j], downstream: e.downstream });
      lines.push(line + '\n');
      keys.push([e.id, fingerprint]);
      entries[j] = undefined;
    }
    await writeFile(paths.catalogShard(i), lines.join(''));
    await writeFile(paths.catalogKeys(i), JSON.stringify(keys));
  }
  await codeowners.save();
  await writeFile(paths.index, JSON.stringify(index));
  await compacting;
  const shardPaths = Array.from({ length: shards }, (_, i) => paths.catalogShard(i));
  report({ stage: 'done' });
  return {
    commit, commitTime, files: fileCount, tables, shards, shardPaths, warnings: allWarnings.length, warningSummary: summarizeWarnings(allWarnings),
    analysis: { units, cached }, ms,
  };
}

/**
 * Reads the snapshot and analyses it. The files' contents (the repo's text, the
 * largest thing a crawl holds) are needed only here: what the rest of the crawl
 * uses is returned, and the contents can go before linking builds the catalog.
 */
async function readAndAnalyze(input: CrawlInput, commit: string, report: (b: Omit<CrawlBeat, 'commit'>) => void) {
  const runId = runPaths(input.runDir).runId;
  // the last run's facts are parsed while git reads the tree
  const cache = input.cacheDir ? await AnalysisCache.open(input.cacheDir, runId) : undefined;
  const { files, warnings: readWarnings, paths: allPaths } = await readRepoFiles(input.repo, commit, {
    maxFileBytes: input.maxFileBytes,
    // uploaded artifacts are named in the run folder (infra/run-folder/run-inputs.ts)
    dbt: input.dbt && {
      ...input.dbt,
      dbtManifest: input.dbt.dbtManifest && runInputPath(input.runDir, input.dbt.dbtManifest),
      dbtCatalog: input.dbt.dbtCatalog && runInputPath(input.runDir, input.dbt.dbtCatalog),
    },
  });
  report({ stage: 'analyze' });
  const analysis = await analyzeInParallel(files, {
    cache,
    memoDir: input.cacheDir,
    onProgress: (p) => report({ stage: 'analyze', ...p }),
  });
  if (input.snapshot) await writeSnapshot(runPaths(input.runDir).snapshot, files);
  const codeowners = findCodeownersFile(allPaths);
  const coFile = codeowners ? files.find((f) => f.path === codeowners) : undefined;
  const co = coFile ? parseCodeowners(coFile.path, coFile.content) : { rules: [], warnings: [] as Warning[] };
  // dbt groups and DAG definitions name owners for tables defined elsewhere: read while the text is here
  const ownerSources = readOwnerSources(files);
  return { ...analysis, cache, shas: new Map(files.map((f) => [f.path, f.sha])), fileCount: files.length, readWarnings, co, coSha: coFile?.sha, ownerSources };
}

/** Only the files Grainline read, at the pinned commit: the model never sees the working tree. */
async function writeSnapshot(dir: string, files: { path: string; content: string }[]): Promise<void> {
  for (const f of files) {
    const target = join(dir, f.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.content);
  }
}

function columnsOf(e: CatalogEntry): string[] {
  return [...new Set(e.facts.flatMap((f) => f.columns.map((c) => c.name.toLowerCase())))];
}

async function commitTimestamp(repo: string, commit: string): Promise<number> {
  const { simpleGit } = await import('simple-git');
  return Number((await simpleGit(repo).raw(['show', '-s', '--format=%ct', commit])).trim()) * 1000;
}
