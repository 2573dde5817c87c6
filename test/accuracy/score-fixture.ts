/**
 * Scores the static pipeline against a generated monorepo, in-process: the crawl
 * activity writes catalog shards into a temp run folder and each entry is merged the
 * way the enrich activity merges it. No LanceDB, no Temporal: what is measured is the
 * enrichers, and a 300-table repo scores in seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crawlRepo, type CrawlResult } from '../../activities/crawl.js';
import { readAllJsonl } from '../../infra/run-folder/jsonl.js';
import { runPaths } from '../../infra/run-folder/run-paths.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../cli/options.js';
import { mergeTable, type MergedTable } from '../../enrichers/merge/merge-table.js';
import { generateMonorepo } from '../../fixture/generate.js';
import { scoreCatalog, type Scores } from '../../fixture/score.js';
import type { GroundTruth, Style } from '../../fixture/truth.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { Warning } from '../../schemas/facts.js';

export interface ScoreFixtureOptions {
  tables: number;
  seed: number;
  styles?: Style[];
  /** generate without declarations (tests, metadata owners, CODEOWNERS) and score against what code reveals */
  hidden?: boolean;
  maxFileBytes?: number;
}

export interface FixtureRun {
  truth: GroundTruth;
  scores: Scores;
  records: MergedTable[];
  entries: CatalogEntry[];
  /** every warning the crawl raised, including files no table claims */
  warnings: Warning[];
  crawl: CrawlResult;
  crawlMs: number;
  mergeMs: number;
}

export async function scoreFixture(opts: ScoreFixtureOptions): Promise<FixtureRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'grainline-accuracy-'));
  try {
    const repo = join(tmp, 'repo');
    const truth = await generateMonorepo({ out: repo, tables: opts.tables, seed: opts.seed, styles: opts.styles, hideDeclarations: opts.hidden });
    return await scoreRepo(repo, truth, { hidden: opts.hidden, maxFileBytes: opts.maxFileBytes, runDir: join(tmp, 'run') });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Crawls and merges an already generated repo, then scores it against its truth. */
export async function scoreRepo(
  repo: string,
  truth: GroundTruth,
  opts: { hidden?: boolean; maxFileBytes?: number; runDir?: string } = {},
): Promise<FixtureRun> {
  const runDir = opts.runDir ?? mkdtempSync(join(tmpdir(), 'grainline-accuracy-run-'));
  try {
    const t0 = performance.now();
    const crawl = await crawlRepo({ repo, ref: 'HEAD', runDir, maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES });
    const t1 = performance.now();
    const paths = runPaths(runDir);
    const entries: CatalogEntry[] = [];
    for (let i = 0; i < crawl.shards; i++) entries.push(...(await readAllJsonl<CatalogEntry>(paths.catalogShard(i))));
    const records = entries.map((e) => mergeTable(e, { similar: e.similar }));
    const t2 = performance.now();
    const warnings = await readAllJsonl<Warning>(paths.warnings);
    const scores = scoreCatalog(truth, records, { hidden: opts.hidden ?? truth.hidden });
    return { truth, scores, records, entries, warnings, crawl, crawlMs: t1 - t0, mergeMs: t2 - t1 };
  } finally {
    if (!opts.runDir) rmSync(runDir, { recursive: true, force: true });
  }
}
