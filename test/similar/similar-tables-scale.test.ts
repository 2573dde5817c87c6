import { describe, expect, it } from 'vitest';
import { findSimilarTables } from '../../enrichers/similar/similar-tables.js';
import { syntheticCatalog } from './synthetic-catalog.js';

describe('findSimilarTables at scale', () => {
  it('handles 100k tables without comparing all pairs', () => {
    const { tables, planted } = syntheticCatalog(100_000);
    const start = performance.now();
    const similar = findSimilarTables(tables);
    const ms = performance.now() - start;
    const found = planted.filter(([a, b]) => (similar.get(a) ?? []).some((s) => s.table === b)).length;
    console.log(
      `similar tables: ${tables.length} tables in ${ms.toFixed(0)} ms; ${similar.size} with similar tables; ` +
        `planted pairs found ${found}/${planted.length}`,
    );
    // generous: the shared CI box is often heavily loaded; idle runs take a fraction of this
    expect(ms).toBeLessThan(90_000);
    expect(found / planted.length).toBeGreaterThan(0.95);
    for (const list of similar.values()) expect(list.length).toBeLessThanOrEqual(5);
  });
});
