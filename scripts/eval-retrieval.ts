/**
 * Retrieval evaluation: generate a fixture monorepo with ground-truth questions, enrich
 * it in-process into a temporary LanceDB, and ask every question in each search mode.
 *
 *   npx tsx scripts/eval-retrieval.ts --tables 300 --seed 5 [--work DIR] [--json]
 *
 * --work keeps the repo and catalog in DIR and reuses them on the next call, so ranking
 * changes can be measured without enriching again.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateMonorepo } from '../fixture/generate.js';
import type { GroundTruth } from '../fixture/truth.js';
import { runDirect } from '../cli/run-direct.js';
import { openCatalog, type Catalog, type SearchMode } from '../reader/catalog.js';
import { NameResolver } from '../enrichers/catalog/resolver.js';
import { score, type Ranked, type Scores } from './retrieval-metrics.js';

const MODES: SearchMode[] = ['vector', 'text', 'hybrid'];

const { values: opts } = parseArgs({
  options: {
    tables: { type: 'string', default: '300' },
    seed: { type: 'string', default: '5' },
    work: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const work = opts.work ? resolve(opts.work) : mkdtempSync(join(tmpdir(), 'grainline-eval-'));
const repo = join(work, 'repo');
const db = join(work, 'db');
const truthPath = join(work, 'truth.json');

try {
  if (!existsSync(join(db, 'tables.lance'))) await build();
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth;
  const catalog = await openCatalog(db);
  const resolver = await resolverOf(catalog);
  const scores = {} as Record<SearchMode, Scores>;
  for (const mode of MODES) scores[mode] = score(await rank(catalog, truth, mode, resolver));
  catalog.close();
  print(truth, scores);
} finally {
  if (!opts.work) rmSync(work, { recursive: true, force: true });
}

async function build(): Promise<void> {
  const t0 = Date.now();
  const truth = await generateMonorepo({ out: repo, tables: Number(opts.tables), seed: Number(opts.seed) });
  writeFileSync(truthPath, JSON.stringify(truth));
  const summary = await runDirect({
    repo,
    ref: 'HEAD',
    dbUri: db,
    stateDir: join(work, 'state'),
    full: true,
    usagePaths: [],
    annotationsDir: join(repo, 'annotations'),
    maxFileBytes: 1024 * 1024,
  });
  console.error(`enriched ${summary.enriched} tables in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

/** Gold names are written as the generator named them; the catalog may qualify them further. */
async function resolverOf(catalog: Catalog): Promise<NameResolver> {
  const resolver = new NameResolver();
  for await (const r of catalog.all()) resolver.add(r.id, r.aliases);
  return resolver;
}

async function rank(catalog: Catalog, truth: GroundTruth, mode: SearchMode, resolver: NameResolver): Promise<Ranked[]> {
  const out: Ranked[] = [];
  for (const q of truth.questions) {
    const hits = await catalog.search(q.question, { limit: 10, mode });
    out.push({ gold: q.gold.map((g) => resolver.resolve(g) ?? g), ranked: hits.map((h) => h.record.id) });
  }
  return out;
}

function print(truth: GroundTruth, scores: Record<SearchMode, Scores>): void {
  if (opts.json) {
    console.log(JSON.stringify({ tables: truth.tables.length, seed: truth.seed, scores }));
    return;
  }
  const pct = (x: number) => x.toFixed(3).padStart(9);
  console.log(`${truth.tables.length} tables, ${truth.questions.length} questions, seed ${truth.seed}\n`);
  console.log(`${'mode'.padEnd(8)}${'recall@5'.padStart(9)}${'recall@10'.padStart(10)}${'MRR'.padStart(9)}`);
  for (const mode of MODES) {
    const s = scores[mode];
    console.log(`${mode.padEnd(8)}${pct(s.recallAt5)}${pct(s.recallAt10).padStart(10)}${pct(s.mrr)}`);
  }
}
