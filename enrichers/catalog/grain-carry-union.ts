/**
 * The grain of a UNION whose branches each pass one upstream's rows (enrichers/sql/
 * grain-union-origin.ts), once those upstreams' grains are known. When every branch
 * carries a key onto the same columns, a row of the union is told apart by them too,
 * provided no two branches hold the same key value. Nothing in the SQL says they do not;
 * authors union same-grain tables that split one entity (one per app store, one per
 * source system), so the shared key is likely, never sure: it stays below a key read from
 * a single query and below what it was carried from. Branches with different keys give none.
 */
import type { GrainFact, RowOrigin } from '../../schemas/facts.js';

/** a key every branch of a union carries, the branches not known to be disjoint */
export const UNION_SHARED_CAP = 0.6;
export const UNION_SHARED_DETAIL = 'UNION of upstreams sharing the key';

type Branch = Omit<RowOrigin, 'branches'>;

/** the key all branches carry onto the same columns, or undefined; `carry` inherits one branch's key */
export function sharedUnionGrain(origin: RowOrigin, carry: (branch: Branch) => GrainFact | undefined, file: string | undefined): GrainFact | undefined {
  const branches = origin.branches ?? [];
  if (branches.length < 2) return undefined;
  const keys: GrainFact[] = [];
  for (const b of branches) {
    // the select over the union joins every branch's rows alike
    const k = carry({ ...b, joins: [...b.joins, ...origin.joins] });
    if (!k) return undefined;
    keys.push(k);
  }
  const set = (g: GrainFact) => [...new Set(g.columns.map((c) => c.toLowerCase()))].sort().join('\u0000');
  if (new Set(keys.map(set)).size !== 1) return undefined;
  const confidence = Math.min(UNION_SHARED_CAP, ...keys.map((k) => k.confidence));
  const tables = branches.map((b) => b.table).join(', ');
  return {
    columns: keys[0].columns,
    source: keys.some((k) => k.source === 'heuristic') ? 'heuristic' : 'sql',
    confidence,
    ...(file ? { file } : {}),
    detail: `${UNION_SHARED_DETAIL} of ${tables}`,
  };
}
