import type { SimilarTablesInput } from '../../enrichers/similar/similar-tables.js';

// a small deterministic PRNG so the synthetic catalog is the same on every run
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** 100k tables: skewed column vocabulary, hot upstream tables, planted copies and versions. */
export function syntheticCatalog(n: number): { tables: SimilarTablesInput[]; planted: [string, string][] } {
  const rand = prng(42);
  const skewed = (max: number) => Math.floor(Math.pow(rand(), 3) * max);
  const tables: SimilarTablesInput[] = [];
  const planted: [string, string][] = [];
  while (tables.length < n) {
    const i = tables.length;
    const id = `ds_${i % 500}.t_${i}`;
    const columns = new Set(rand() < 0.8 ? ['id', 'created_at', 'updated_at'] : []);
    const width = 5 + Math.floor(rand() * 30);
    while (columns.size < width) columns.add(`c_${skewed(20_000)}`);
    const upstream = new Set<string>();
    const fanIn = 1 + Math.floor(rand() * 5);
    while (upstream.size < fanIn) upstream.add(`raw.src_${skewed(5_000)}`);
    const table = { id, upstream: [...upstream], columns: [...columns] };
    tables.push(table);
    if (rand() < 0.02 && tables.length < n) {
      // a near copy in another dataset: one column swapped
      const copyCols = [...columns];
      copyCols[copyCols.length - 1] = `extra_${i}`;
      const copyId = `copy_${i % 37}.x_${i}`;
      tables.push({ id: copyId, upstream: [`raw.other_${i}`], columns: copyCols });
      if (width >= 10) planted.push([id, copyId]);
    } else if (rand() < 0.02 && tables.length < n) {
      tables.push({ id: `${id}_v2`, upstream: [], columns: [] });
      planted.push([id, `${id}_v2`]);
    }
  }
  return { tables, planted };
}
