import { existsSync, readFileSync } from 'node:fs';
import { openCatalog } from '../reader/catalog.js';

/** Issue 19's bar: hybrid search in-process on the benchmark's catalog. */
export const SEARCH_TARGET_P50_MS = 100;

export interface SearchLatency {
  queries: number;
  p50Ms: number;
  p95Ms: number;
  target: number;
}

/**
 * Times hybrid search the way an agent front-end calls it: one open catalog, many
 * questions. The first round warms the embedder and LanceDB's caches and is not
 * counted; the generated repo's own questions are the queries, so they match tables.
 */
export async function searchLatency(db: string, truthPath: string, rounds = 3): Promise<SearchLatency> {
  const queries = questionsOf(truthPath);
  const catalog = await openCatalog(db);
  const times: number[] = [];
  try {
    for (let round = 0; round <= rounds; round++) {
      for (const q of queries) {
        const t0 = performance.now();
        await catalog.search(q, { limit: 10 });
        if (round > 0) times.push(performance.now() - t0);
      }
    }
  } finally {
    catalog.close();
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 10) / 10;
  return { queries: queries.length, p50Ms: at(0.5), p95Ms: at(0.95), target: SEARCH_TARGET_P50_MS };
}

const FALLBACK = ['orders by customer and day', 'monthly revenue per region', 'how do I join payments to invoices', 'active users last week'];

function questionsOf(truthPath: string): string[] {
  if (!existsSync(truthPath)) return FALLBACK;
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as { questions?: { question: string }[] };
  const qs = (truth.questions ?? []).map((q) => q.question).slice(0, 50);
  return qs.length ? qs : FALLBACK;
}
