/**
 * Columns of a GROUP BY or DISTINCT key that a hashed (or concatenated) key column in the
 * same list determines: `group by client_key, session_key, stream_id`, where session_key
 * = md5(client_key || session_id) and client_key = md5(user_pseudo_id || stream_id), is
 * unique on session_key alone. What a column determines is read from SQL
 * (sql/hash-determined.ts) on the table that computes it and carried through tables that
 * pass it on unchanged (their row origin, or the groups of their own GROUP BY), closed
 * transitively (a hash of a hash). Pure.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { GrainFact } from '../../schemas/facts.js';
import { carried } from './row-origin.js';
import { normalizeName } from '../names.js';

/** a hash determines its inputs but for collisions; a concatenation is the author's composite key, likelier ambiguous */
export const HASH_DEPENDENT_CAP = { hash: 0.85, concat: 0.75 };

type Via = 'hash' | 'concat';
interface Resolver {
  resolve(name: string): string | undefined;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const weaker = (a: Via, b: Via): Via => (a === 'concat' || b === 'concat' ? 'concat' : 'hash');

/** what each column of a table determines (lower-cased names), memoised over the catalog */
export function hashDeterminations(entries: CatalogEntry[], resolver: Resolver) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const memo = new Map<string, Map<string, Via>>();
  const idOf = (name: string) => resolver.resolve(name) ?? normalizeName(name);

  /** the direct determinations of one column: its own SQL, or the upstream column it passes on */
  const direct = (id: string, col: string, depth: number): Map<string, Via> => {
    const out = new Map<string, Via>();
    const entry = byId.get(id);
    if (!entry || depth > 12) return out;
    for (const f of entry.facts) {
      for (const c of f.columns) {
        if (c.name.toLowerCase() !== col || !c.determines) continue;
        for (const d of c.determines.columns) out.set(d.toLowerCase(), c.determines.via);
      }
    }
    if (out.size > 0) return out;
    // passed unchanged from an upstream: what it determines there, under the names it has here
    const passes: { table: string; map: (up: string) => string | undefined }[] = [];
    for (const f of entry.facts) {
      if (f.defines && f.rowOrigin) passes.push({ table: f.rowOrigin.table, map: (u) => carried(f.rowOrigin!, u)?.toLowerCase() });
      for (const g of f.grain) for (const grp of g.groups ?? []) passes.push({ table: grp.table, map: (u) => (hasOwn(grp.columns, u) ? grp.columns[u].toLowerCase() : undefined) });
    }
    for (const p of passes) {
      const upId = idOf(p.table);
      if (!upId || upId === id) continue;
      const upCols = byId.get(upId) ? [...new Set(byId.get(upId)!.facts.flatMap((f) => f.columns.map((c) => c.name.toLowerCase())))] : [];
      const up = upCols.find((u) => p.map(u) === col) ?? (p.map(col) === col ? col : undefined);
      if (!up) continue;
      for (const [d, via] of closure(upId, up, depth + 1)) {
        const here = p.map(d);
        if (here && here !== col) out.set(here, via);
      }
      if (out.size > 0) return out;
    }
    return out;
  };

  /** transitively: a hash of a hash determines what the inner one does */
  const closure = (id: string, col: string, depth = 0): Map<string, Via> => {
    const key = `${id}\u0000${col}`;
    const have = memo.get(key);
    if (have) return have;
    memo.set(key, new Map()); // cycles give nothing
    const out = new Map(direct(id, col, depth));
    const queue = [...out.keys()];
    while (queue.length) {
      const d = queue.shift()!;
      for (const [e, via] of direct(id, d, depth)) {
        if (e === col || out.has(e)) continue;
        out.set(e, weaker(out.get(d)!, via));
        queue.push(e);
      }
    }
    memo.set(key, out);
    return out;
  };
  return closure;
}

/**
 * The output names of a GROUP BY / DISTINCT key's columns that another listed column
 * determines, per joined relation (`groups`), and whether any rests on a concatenation.
 */
export function hashDependents(g: GrainFact, determined: (id: string, col: string) => Map<string, Via>, resolver: Resolver): { drop: Set<string>; via?: Via } {
  const drop = new Set<string>();
  let via: Via | undefined;
  for (const group of g.groups ?? []) {
    const upId = resolver.resolve(group.table) ?? normalizeName(group.table);
    if (!upId) continue;
    for (const [col, name] of Object.entries(group.columns)) {
      if (drop.has(name)) continue;
      for (const [d, v] of determined(upId, col.toLowerCase())) {
        if (!hasOwn(group.columns, d) || group.columns[d] === name) continue;
        // two columns that determine each other (a key and its renamed copy): keep the first
        if (determined(upId, d).has(col.toLowerCase()) && drop.has(name)) continue;
        drop.add(group.columns[d]);
        via = via ? weaker(via, v) : v;
      }
    }
  }
  return { drop, via };
}
