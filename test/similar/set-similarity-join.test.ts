import { describe, expect, it } from 'vitest';
import { setSimilarityJoin } from '../../enrichers/similar/set-similarity-join.js';
import { prng } from './synthetic-catalog.js';

function bruteForce(sets: string[][], threshold: number, minSize: number): string[] {
  const out: string[] = [];
  const uniq = sets.map((s) => new Set(s));
  for (let a = 0; a < sets.length; a++) {
    for (let b = 0; b < sets.length; b++) {
      if (a === b || uniq[a].size < minSize || uniq[b].size < minSize) continue;
      const inter = [...uniq[a]].filter((x) => uniq[b].has(x)).length;
      if (inter / (uniq[a].size + uniq[b].size - inter) >= threshold) out.push(`${a}-${b}`);
    }
  }
  return out.sort();
}

describe('setSimilarityJoin', () => {
  it('finds exactly the pairs a brute-force comparison finds', () => {
    const rand = prng(7);
    const sets: string[][] = [];
    for (let i = 0; i < 400; i++) {
      if (i > 0 && rand() < 0.3) {
        // a near copy of an earlier set: drop or swap a token or two
        const base = [...sets[Math.floor(rand() * i)]];
        if (rand() < 0.5) base.pop();
        if (rand() < 0.5) base[0] = `z${i}`;
        sets.push(base);
      } else {
        const n = 3 + Math.floor(rand() * 8);
        sets.push(Array.from({ length: n }, () => `t${Math.floor(rand() * 40)}`));
      }
    }
    const got = setSimilarityJoin(sets, { threshold: 0.7, minSize: 4, postingCap: 1e9, fanout: 1e9 })
      .map((p) => `${p.a}-${p.b}`)
      .sort();
    const expected = bruteForce(sets, 0.7, 4);
    expect(expected.length).toBeGreaterThan(50);
    expect(got).toEqual(expected);
  });

  it('gives each member of a large group of identical sets only `fanout` partners', () => {
    const sets = Array.from({ length: 50 }, () => ['a', 'b', 'c', 'd']);
    const pairs = setSimilarityJoin(sets, { threshold: 0.7, minSize: 4, postingCap: 1000, fanout: 3 });
    expect(pairs).toHaveLength(150);
    expect(pairs.every((p) => p.jaccard === 1 && p.a !== p.b)).toBe(true);
  });
});
