/**
 * Retrieval metrics over ranked table ids: recall@k (share of a question's gold
 * tables found in the top k) and MRR (1 / rank of the first gold table, 0 if none).
 */
export interface Ranked {
  /** gold table ids */
  gold: string[];
  /** retrieved table ids, best first */
  ranked: string[];
}

export interface Scores {
  questions: number;
  recallAt5: number;
  recallAt10: number;
  mrr: number;
}

export function recallAt(r: Ranked, k: number): number {
  if (!r.gold.length) return 0;
  const top = new Set(r.ranked.slice(0, k));
  return r.gold.filter((g) => top.has(g)).length / r.gold.length;
}

export function reciprocalRank(r: Ranked): number {
  const gold = new Set(r.gold);
  const i = r.ranked.findIndex((id) => gold.has(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

export function score(results: Ranked[]): Scores {
  const mean = (f: (r: Ranked) => number) => (results.length ? results.reduce((s, r) => s + f(r), 0) / results.length : 0);
  return {
    questions: results.length,
    recallAt5: mean((r) => recallAt(r, 5)),
    recallAt10: mean((r) => recallAt(r, 10)),
    mrr: mean(reciprocalRank),
  };
}
