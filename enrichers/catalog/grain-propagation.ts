/**
 * Grain carried across models, once the catalog is linked. A table whose SQL keeps one
 * upstream's rows (a `rowOrigin`: projected, filtered, joined without fan-out) has that
 * upstream's grain under the names it gives those columns. Whether a join fans out is
 * decided here, where the joined table's grain is known: it does not when the join
 * binds every column of that grain. Upstreams are resolved first (memoised, cycles
 * give nothing), so a chain staging -> intermediate -> mart inherits end to end.
 *
 * Inherited grain is inference, never above INHERITED_CAP and never above what it was
 * inherited from; naming conventions (grain-naming.ts) fill in only where no other
 * candidate exists. Pure: returns new entries with one added, non-defining fact.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { GrainFact, RowOrigin, TableFact } from '../../schemas/facts.js';
import { byPrecedence } from '../merge/rank.js';
import { normalizeName } from '../names.js';
import { namingGrain } from './grain-naming.js';

export const INHERITED_CAP = 0.8;
/** GROUP BY a superset of the upstream key: one row per upstream key, as sure as a GROUP BY */
export const GROUPED_KEY_CAP = 0.85;

interface Resolver {
  resolve(name: string): string | undefined;
}

export function propagateGrain(entries: CatalogEntry[], resolver: Resolver): CatalogEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const best = new Map<string, GrainFact | null>();
  const added = new Map<string, GrainFact[]>();
  const visiting = new Set<string>();

  const grainOf = (id: string): GrainFact | null => {
    if (best.has(id)) return best.get(id)!;
    const entry = byId.get(id);
    if (!entry || visiting.has(id)) return null;
    visiting.add(id);
    const own = entry.facts.flatMap((f) => f.grain).filter((g) => g.columns.length > 0);
    const extra: GrainFact[] = [];
    const origin = entry.facts.find((f) => f.defines && f.rowOrigin)?.rowOrigin;
    const inherited = origin && inherit(entry, origin);
    if (inherited) extra.push(inherited);
    if (own.length === 0 && extra.length === 0) {
      const named = namingGrain(entry);
      if (named) extra.push(named);
    }
    visiting.delete(id);
    if (extra.length) added.set(id, extra);
    const winner = [...own, ...extra].sort(byPrecedence)[0] ?? null;
    best.set(id, winner);
    return winner;
  };

  const inherit = (entry: CatalogEntry, origin: RowOrigin): GrainFact | undefined => {
    const upId = resolver.resolve(origin.table) ?? normalizeName(origin.table);
    if (!upId || upId === entry.id) return undefined;
    const up = grainOf(upId);
    if (!up) return undefined;
    // a column pinned to one value by WHERE no longer tells rows apart
    const kept = up.columns.map((c) => c.toLowerCase()).filter((c) => !origin.fixed?.includes(c));
    const columns = kept.map((c) => carried(origin, c));
    if (kept.length === 0 || !columns.every((c): c is string => !!c)) return undefined;
    let confidence = Math.min(up.confidence, origin.grouped ? GROUPED_KEY_CAP : INHERITED_CAP);
    for (const j of origin.joins) {
      const jid = resolver.resolve(j.table) ?? normalizeName(j.table);
      const joined = jid && jid !== entry.id ? grainOf(jid) : null;
      // a join that does not bind a whole key of the joined table may multiply rows
      if (!joined || !joined.columns.every((c) => j.columns.includes(c.toLowerCase()))) return undefined;
      confidence = Math.min(confidence, joined.confidence);
    }
    return {
      columns,
      source: up.source === 'heuristic' ? 'heuristic' : 'sql',
      confidence,
      file: entry.files[0],
      detail: `${origin.grouped ? 'GROUP BY holds the key of' : 'inherited from'} ${upId}${up.detail ? ` (${up.detail})` : ''}`,
    };
  };

  for (const e of entries) grainOf(e.id);
  return entries.map((e) => {
    const grain = added.get(e.id);
    if (!grain) return e;
    const fact: TableFact = { name: e.table, defines: false, aliases: [], upstream: [], columns: [], grain, joinKeys: [], owners: [], descriptions: [], consumers: [], tags: [] };
    // first, so that at equal confidence the upstream's smaller key wins over the GROUP BY list
    return { ...e, facts: [fact, ...e.facts] };
  });
}

/** the name an upstream column has here, if it is passed on unchanged */
function carried(origin: RowOrigin, column: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(origin.columns, column)) return origin.columns[column];
  // with `*`, a column keeps its name unless something else was renamed into that name
  if (origin.all && !Object.values(origin.columns).includes(column)) return column;
  return undefined;
}
