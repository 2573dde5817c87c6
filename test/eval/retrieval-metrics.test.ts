import { describe, expect, it } from 'vitest';
import { recallAt, reciprocalRank, score } from '../../scripts/retrieval-metrics.js';

describe('retrieval metrics', () => {
  it('recall@k counts the share of gold tables in the top k', () => {
    const r = { gold: ['a', 'b'], ranked: ['x', 'a', 'y', 'z', 'w', 'b'] };
    expect(recallAt(r, 5)).toBe(0.5);
    expect(recallAt(r, 6)).toBe(1);
    expect(recallAt({ gold: [], ranked: ['a'] }, 5)).toBe(0);
  });

  it('MRR uses the first gold table found, 0 when none is', () => {
    expect(reciprocalRank({ gold: ['b', 'a'], ranked: ['x', 'a', 'b'] })).toBe(0.5);
    expect(reciprocalRank({ gold: ['q'], ranked: ['x', 'a'] })).toBe(0);
  });

  it('averages over questions', () => {
    const s = score([
      { gold: ['a'], ranked: ['a'] },
      { gold: ['b'], ranked: ['x', 'x2', 'x3', 'x4', 'x5', 'b'] },
    ]);
    expect(s).toEqual({ questions: 2, recallAt5: 0.5, recallAt10: 1, mrr: (1 + 1 / 6) / 2 });
  });
});
