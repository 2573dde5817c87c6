import type { SimilarTable } from '../../schemas/table-record.js';
import { groupBy } from '../group-by.js';
import { normalizeName } from '../names.js';
import { type VersionedName, versionedName } from './base-name.js';
import { setSimilarityJoin } from './set-similarity-join.js';

export interface SimilarTablesInput {
  id: string;
  upstream: string[];
  columns: string[];
}

export interface SimilarTablesOptions {
  perTable?: number;
  /** upstream sets at least this close count as "same upstream" */
  upstreamJaccard?: number;
  columnJaccard?: number;
  minColumns?: number;
  /** a same-named table in another dataset needs at least this column overlap */
  crossNamespaceColumnJaccard?: number;
  /** tokens in more tables than this are not used for blocking */
  postingCap?: number;
  /** base names shared by more tables than this are only compared within a dataset */
  nameGroupCap?: number;
}

const DEFAULTS: Required<SimilarTablesOptions> = {
  perTable: 5,
  upstreamJaccard: 0.8,
  columnJaccard: 0.7,
  minColumns: 4,
  crossNamespaceColumnJaccard: 0.5,
  postingCap: 1000,
  nameGroupCap: 200,
};

/*
 * Scores rank reasons against each other for the top-N cut. Another version of the
 * same table in the same dataset is the strongest hint (it is the thing a reader
 * confuses it with); identical inputs say more than shared column names, which
 * recur by convention.
 */
const SAME_NAMESPACE_VERSION_SCORE = 1;
const upstreamScore = (j: number) => 0.9 * j;
const columnScore = (j: number) => 0.8 * j;
const crossNamespaceScore = (j: number) => 0.6 + 0.3 * j;

/**
 * Tables that look like each other: other versions of the same name, tables built
 * from the same inputs, tables with mostly the same columns. Blocking (by base name,
 * by upstream and column tokens) keeps this far from all pairs at 100k tables.
 */
export function findSimilarTables(
  tables: SimilarTablesInput[],
  opts: SimilarTablesOptions = {},
): Map<string, SimilarTable[]> {
  const o = { ...DEFAULTS, ...opts };
  const ids = tables.map((t) => normalizeName(t.id));
  const columns = tables.map((t) => [...new Set(t.columns.map((c) => c.trim().toLowerCase()).filter(Boolean))]);
  const best = new Map<number, Map<number, SimilarTable>>();
  const offer = (a: number, b: number, reason: SimilarTable['reason'], score: number) => {
    if (a === b || ids[a] === ids[b]) return;
    let mine = best.get(a);
    if (!mine) best.set(a, (mine = new Map()));
    const prev = mine.get(b);
    if (!prev || score > prev.score) mine.set(b, { table: ids[b], reason, score: round(score) });
  };

  const names = ids.map(versionedName);
  for (const group of baseNameGroups(names, o.nameGroupCap)) {
    for (let i = 0; i < group.length; i++) {
      for (let k = i + 1; k < group.length; k++) {
        const [a, b] = [group[i], group[k]];
        let score = SAME_NAMESPACE_VERSION_SCORE;
        if (names[a].namespace !== names[b].namespace) {
          const j = jaccard(columns[a], columns[b]);
          if (j < o.crossNamespaceColumnJaccard) continue;
          score = crossNamespaceScore(j);
        }
        offer(a, b, 'versioned-name', score);
        offer(b, a, 'versioned-name', score);
      }
    }
  }

  const fanout = o.perTable;
  const upstream = tables.map((t) => t.upstream.map(normalizeName).filter(Boolean));
  for (const p of setSimilarityJoin(upstream, { threshold: o.upstreamJaccard, minSize: 2, postingCap: o.postingCap, fanout })) {
    offer(p.a, p.b, 'same-upstream', upstreamScore(p.jaccard));
  }
  const colJoin = { threshold: o.columnJaccard, minSize: o.minColumns, postingCap: o.postingCap, fanout };
  for (const p of setSimilarityJoin(columns, colJoin)) offer(p.a, p.b, 'column-overlap', columnScore(p.jaccard));

  const out = new Map<string, SimilarTable[]>();
  for (const [a, mine] of best) {
    const ranked = [...mine.values()].sort((x, y) => y.score - x.score || (x.table < y.table ? -1 : 1));
    out.set(ids[a], ranked.slice(0, o.perTable));
  }
  return out;
}

/**
 * Tables sharing a base name. A base name shared by too many tables (`events` in
 * every dataset) is compared only within each dataset, or it would be quadratic.
 */
function baseNameGroups(names: VersionedName[], cap: number): number[][] {
  const byBase = groupBy(names.map((_, i) => i), (i) => names[i].base);
  const out: number[][] = [];
  for (const group of byBase.values()) {
    if (group.length <= cap) out.push(group);
    else out.push(...groupBy(group, (i) => names[i].namespace).values());
  }
  return out.filter((g) => g.length > 1);
}

function jaccard(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let inter = 0;
  for (const t of b) if (set.has(t)) inter++;
  return inter / (a.length + b.length - inter);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
