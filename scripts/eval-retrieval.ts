/**
 * Retrieval evaluation: enrich a repo in-process into a temporary LanceDB and ask every
 * question in each search mode. Two kinds of question set:
 *
 *   npx tsx scripts/eval-retrieval.ts --tables 300 --seed 5 [--work DIR] [--json]
 *     a generated fixture monorepo with its ground-truth questions;
 *
 *   npx tsx scripts/eval-retrieval.ts --set SET [--work DIR] [--json]
 *     a folder: SET/repo (a git repo of DDL, SQL, dbt...), SET/questions.jsonl (one
 *     {"question", "gold": [table names], "inLog": bool} per line) and, optionally,
 *     SET/log/ (a query log in any format `enrich --usage` reads). With a log, the set
 *     is enriched twice, without and with it, and both are scored on the questions
 *     whose gold query is not in the log, so the log never hands over its own answers.
 *
 * --work keeps the repo and catalogs in DIR and reuses them on the next call, so ranking
 * changes can be measured without enriching again. docs/accuracy.md has the figures.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateMonorepo } from '../fixture/generate.js';
import { runDirect } from '../cli/run-direct.js';
import { openCatalog, type Catalog, type SearchMode, type SearchOptions } from '../reader/catalog.js';
import { NameResolver } from '../enrichers/catalog/resolver.js';
import { score, type Ranked, type Scores } from './retrieval-metrics.js';

const MODES: SearchMode[] = ['vector', 'text', 'hybrid'];

interface Question {
  question: string;
  gold: string[];
  inLog?: boolean;
}

interface Setup {
  name: string;
  db: string;
  questions: Question[];
  /** the catalog with the query log, to split questions by whether the log read their gold tables */
  logDb?: string;
}

const { values: opts } = parseArgs({
  options: {
    tables: { type: 'string', default: '300' },
    seed: { type: 'string', default: '5' },
    set: { type: 'string' },
    work: { type: 'string' },
    /** seed of the split into two halves (tune on one, report both) */
    'split-seed': { type: 'string', default: '19' },
    /** fusion overrides as JSON, e.g. '{"k":20,"textWeight":1.5}', to tune without editing code */
    fusion: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const work = opts.work ? resolve(opts.work) : mkdtempSync(join(tmpdir(), 'grainline-eval-'));

try {
  const setups = opts.set ? await folderSetups(resolve(opts.set)) : await fixtureSetups();
  type Result = { tables: number; questions: number; scores: Record<SearchMode, Scores>; halves: Record<'a' | 'b', Scores>; byLog?: Record<'queried' | 'unqueried', Scores> };
  const results: Record<string, Result> = {};
  const fusion = opts.fusion ? (JSON.parse(opts.fusion) as SearchOptions['fusion']) : undefined;
  for (const s of setups) {
    const catalog = await openCatalog(s.db);
    const resolver = await resolverOf(catalog);
    const scores = {} as Record<SearchMode, Scores>;
    const ranked = {} as Record<SearchMode, Ranked[]>;
    for (const mode of MODES) scores[mode] = score((ranked[mode] = await rank(catalog, s.questions, mode, resolver, fusion)));
    // hybrid, per half: a change tuned on one half must hold on the other
    const half = s.questions.map((q) => halfOf(q.question, Number(opts['split-seed'])));
    const halves = {
      a: score(ranked.hybrid.filter((_, i) => half[i] === 'a')),
      b: score(ranked.hybrid.filter((_, i) => half[i] === 'b')),
    };
    // hybrid, by whether the log read every gold table before: what a log can help with at all
    const logged = s.logDb ? await loggedIds(s.logDb) : undefined;
    const byLog = logged && {
      queried: score(ranked.hybrid.filter((r) => r.gold.every((g) => logged.has(g)))),
      unqueried: score(ranked.hybrid.filter((r) => !r.gold.every((g) => logged.has(g)))),
    };
    results[s.name] = { tables: resolver.size, questions: s.questions.length, scores, halves, ...(byLog ? { byLog } : {}) };
    catalog.close();
  }
  print(results);
} finally {
  if (!opts.work) rmSync(work, { recursive: true, force: true });
}

async function fixtureSetups(): Promise<Setup[]> {
  const repo = join(work, 'repo');
  const db = join(work, 'db');
  const truthPath = join(work, 'truth.json');
  if (!existsSync(join(db, 'tables.lance'))) {
    const truth = await generateMonorepo({ out: repo, tables: Number(opts.tables), seed: Number(opts.seed) });
    writeFileSync(truthPath, JSON.stringify(truth));
    await enrich(repo, db, [], join(repo, 'annotations'));
  }
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as { questions: Question[]; seed: number };
  return [{ name: `fixture (seed ${truth.seed})`, db, questions: truth.questions }];
}

async function folderSetups(set: string): Promise<Setup[]> {
  const repo = join(set, 'repo');
  const log = join(set, 'log');
  if (!existsSync(repo)) throw new Error(`no repo in the question set: ${repo}`);
  const questions = readFileSync(join(set, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question)
    .filter((q) => q.gold.length > 0);
  const noAnnotations = join(work, 'no-annotations');
  const ddl = join(work, 'db-repo');
  if (!existsSync(join(ddl, 'tables.lance'))) await enrich(repo, ddl, [], noAnnotations);
  if (!existsSync(log)) return [{ name: 'repo only', db: ddl, questions }];
  const withLog = join(work, 'db-repo-log');
  if (!existsSync(join(withLog, 'tables.lance'))) await enrich(repo, withLog, [log], noAnnotations);
  const heldOut = questions.filter((q) => !q.inLog);
  return [
    { name: 'repo only, all questions', db: ddl, questions },
    { name: 'repo only, questions not in the log', db: ddl, questions: heldOut, logDb: withLog },
    { name: 'repo + log, questions not in the log', db: withLog, questions: heldOut, logDb: withLog },
  ];
}

async function enrich(repo: string, db: string, usagePaths: string[], annotationsDir: string): Promise<void> {
  const t0 = Date.now();
  const summary = await runDirect({
    repo,
    ref: 'HEAD',
    dbUri: db,
    stateDir: join(db, '_grainline'),
    full: true,
    usagePaths,
    annotationsDir,
    maxFileBytes: 8 * 1024 * 1024,
  });
  console.error(`enriched ${summary.enriched} tables into ${db} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

/** Gold names are written as the set names them; the catalog may qualify them further. */
async function resolverOf(catalog: Catalog): Promise<NameResolver & { size: number }> {
  const resolver = new NameResolver();
  let size = 0;
  for await (const r of catalog.all()) {
    resolver.add(r.id, r.aliases);
    size++;
  }
  return Object.assign(resolver, { size });
}

/** Ids of the tables the query log read. */
async function loggedIds(db: string): Promise<Set<string>> {
  const catalog = await openCatalog(db);
  const out = new Set<string>();
  for await (const r of catalog.all()) if (r.usage && r.usage.queries90d > 0) out.add(r.id);
  catalog.close();
  return out;
}

/** A stable half per question (FNV-1a of the text and seed), independent of file order. */
export function halfOf(text: string, seed: number): 'a' | 'b' {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2 === 0 ? 'a' : 'b';
}

async function rank(catalog: Catalog, questions: Question[], mode: SearchMode, resolver: NameResolver, fusion?: SearchOptions['fusion']): Promise<Ranked[]> {
  const out: Ranked[] = [];
  for (const q of questions) {
    const hits = await catalog.search(q.question, { limit: 10, mode, fusion });
    out.push({ gold: q.gold.map((g) => resolver.resolve(g) ?? g), ranked: hits.map((h) => h.record.id) });
  }
  return out;
}

function print(results: Record<string, { tables: number; questions: number; scores: Record<SearchMode, Scores>; halves: Record<'a' | 'b', Scores>; byLog?: Record<string, Scores> }>): void {
  if (opts.json) {
    console.log(JSON.stringify(results));
    return;
  }
  const pct = (x: number) => x.toFixed(3).padStart(9);
  for (const [name, r] of Object.entries(results)) {
    console.log(`\n${name}: ${r.tables} tables, ${r.questions} questions`);
    console.log(`${'mode'.padEnd(8)}${'recall@5'.padStart(9)}${'recall@10'.padStart(10)}${'MRR'.padStart(9)}`);
    for (const mode of MODES) {
      const s = r.scores[mode];
      console.log(`${mode.padEnd(8)}${pct(s.recallAt5)}${pct(s.recallAt10).padStart(10)}${pct(s.mrr)}`);
    }
    for (const [h, s] of Object.entries(r.byLog ?? {})) console.log(`${h.padEnd(8)}${pct(s.recallAt5)}${pct(s.recallAt10).padStart(10)}${pct(s.mrr)}  (${s.questions} questions: gold tables ${h === 'queried' ? 'all' : 'not all'} in the log)`);
    for (const [h, s] of Object.entries(r.halves)) console.log(`${`hybrid ${h}`.padEnd(8)}${pct(s.recallAt5)}${pct(s.recallAt10).padStart(10)}${pct(s.mrr)}  (${s.questions} questions)`);
  }
}
