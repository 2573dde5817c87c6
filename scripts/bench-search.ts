import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openCatalog } from '../reader/catalog.js';
import { connect, lastRunVersion, openTablesIfExists } from '../infra/store/lance-store.js';
import { VECTOR_INDEX } from '../infra/store/vector-index.js';

/** Issue 19's bar: hybrid search in-process on the benchmark's catalog. */
export const SEARCH_TARGET_P50_MS = 100;

export interface SearchLatency {
  queries: number;
  /** wall clock, what a caller waits */
  p50Ms: number;
  p95Ms: number;
  /** CPU time of the process (all threads) per search: what wall clock means only on an idle machine */
  cpuP50Ms: number;
  cpuP95Ms: number;
  /** the 1-minute load average before and after */
  load: [number, number];
  rows: number;
  /** whether the version readers read has the vector index (built by the writer past a size) */
  vectorIndex: boolean;
  target: number;
}

/**
 * Times hybrid search the way an agent front-end calls it: one open catalog, many
 * questions. The first round warms the embedder and LanceDB's caches and is not
 * counted; the generated repo's own questions are the queries, so they match tables.
 */
export async function searchLatency(db: string, truthPath: string, rounds = 3): Promise<SearchLatency> {
  return timeSearches(db, questionsOf(truthPath), rounds);
}

async function timeSearches(db: string, queries: string[], rounds: number): Promise<SearchLatency> {
  const { rows, vectorIndex } = await catalogShape(db);
  const load0 = loadavg()[0];
  const catalog = await openCatalog(db);
  const wall: number[] = [];
  const cpu: number[] = [];
  try {
    for (let round = 0; round <= rounds; round++) {
      for (const q of queries) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await catalog.search(q, { limit: 10 });
        if (round === 0) continue;
        wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
    }
  } finally {
    catalog.close();
  }
  const [p50Ms, p95Ms] = [at(wall, 0.5), at(wall, 0.95)];
  const [cpuP50Ms, cpuP95Ms] = [at(cpu, 0.5), at(cpu, 0.95)];
  const load: [number, number] = [round1(load0), round1(loadavg()[0])];
  return { queries: queries.length, p50Ms, p95Ms, cpuP50Ms, cpuP95Ms, load, rows, vectorIndex, target: SEARCH_TARGET_P50_MS };
}

async function catalogShape(db: string): Promise<{ rows: number; vectorIndex: boolean }> {
  const table = await openTablesIfExists(await connect(db));
  if (!table) return { rows: 0, vectorIndex: false };
  const tagged = await lastRunVersion(table);
  if (tagged !== undefined) await table.checkout(tagged);
  const vectorIndex = (await table.listIndices()).some((i) => i.name === VECTOR_INDEX);
  return { rows: await table.countRows(), vectorIndex };
}

function at(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return round1(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
}
const round1 = (x: number) => Math.round(x * 10) / 10;

const FALLBACK = ['orders by customer and day', 'monthly revenue per region', 'how do I join payments to invoices', 'active users last week'];

function questionsOf(truthPath: string): string[] {
  if (!existsSync(truthPath)) return FALLBACK;
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as { questions?: { question: string }[] };
  const qs = (truth.questions ?? []).map((q) => q.question).slice(0, 50);
  return qs.length ? qs : FALLBACK;
}

/** One line per question (`{"question": ...}` JSONL, as scripts/eval-retrieval.ts reads), the first `n`. */
function questionsFromJsonl(path: string, n: number): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).question as string).slice(0, n);
}

/**
 * `npx tsx scripts/bench-search.ts --db DIR [--questions FILE.jsonl] [--rounds 1]`: the
 * same timing on any catalog, e.g. a 100k-table one too large for the bench to build
 * with the semantic embedder (docs/accuracy.md, sixth round: retrieval).
 */
async function main(): Promise<void> {
  const { values: o } = parseArgs({ options: { db: { type: 'string' }, questions: { type: 'string' }, rounds: { type: 'string', default: '1' }, n: { type: 'string', default: '40' } } });
  if (!o.db) throw new Error('--db DIR is required');
  const queries = o.questions ? questionsFromJsonl(o.questions, Number(o.n)) : FALLBACK;
  console.log(JSON.stringify({ db: o.db, ...(await timeSearches(o.db, queries, Number(o.rounds))) }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
