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
import { carried } from './row-origin.js';
import { byPrecedence } from '../merge/rank.js';
import { normalizeName } from '../names.js';
import { namingGrain, SOURCE_DISCRIMINATORS } from './grain-naming.js';
import { isFallbackGuess } from './grain-fallback.js';
import { sharedUnionGrain } from './grain-carry-union.js';
import { HASH_DEPENDENT_CAP, hashDependents, hashDeterminations } from './grain-hash-dependents.js';
import { assumedJoinKey, JOIN_BOUND_CAP } from './grain-carry-join-bound.js';

export const INHERITED_CAP = 0.8;
/** GROUP BY a superset of the upstream key: one row per upstream key, as sure as a GROUP BY */
export const GROUPED_KEY_CAP = 0.85;
/**
 * GROUP BY a keyed table's key and its attributes (`group by c.id, c.name`): the attributes
 * depend on the key and drop out. As sure as the GROUP BY when the table's key was read
 * from code or declared; a naming guess of that key only makes it a likely reading.
 */
export const DEPENDENT_CAP = { known: 0.85, guessed: 0.75 };
/**
 * A key read from SQL on the condition that a joined table shares it (`requires` with
 * `sameGrain`: both sides bound on the whole key) where that table's grain is unknown:
 * likely, since one merges per-key reports so, but a table finer than the key would fan out.
 */
export const SAME_GRAIN_CAP = 0.6;

interface Resolver {
  resolve(name: string): string | undefined;
}

export function propagateGrain(entries: CatalogEntry[], resolver: Resolver): CatalogEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const best = new Map<string, GrainFact | null>();
  const added = new Map<string, GrainFact[]>();
  const visiting = new Set<string>();
  /** own facts replaced (a lowered GROUP BY list, a conditional key decided) or dropped (null) */
  const lowered = new Map<GrainFact, GrainFact | null>();
  const read = columnsRead(entries, resolver);
  const determined = hashDeterminations(entries, resolver);
  /** what an own fact became: itself, its replacement (followed through), or nothing */
  const current = (g: GrainFact): GrainFact[] => {
    let x: GrainFact | null | undefined = g;
    for (let i = 0; x && lowered.has(x) && i < 4; i++) x = lowered.get(x);
    return x ? [x] : [];
  };

  const grainOf = (id: string): GrainFact | null => {
    if (best.has(id)) return best.get(id)!;
    const entry = byId.get(id);
    if (!entry) {
      // a raw table outside the repo: only the names of the columns read from it say anything
      const named = read.has(id) ? namingGrain({ id, kind: 'external', files: [], facts: [] }, read.get(id)) ?? null : null;
      best.set(id, named);
      return named;
    }
    if (visiting.has(id)) return null;
    visiting.add(id);
    let own = entry.facts.flatMap((f) => f.grain).filter((g) => g.columns.length > 0);
    // a key on condition that joined tables do not fan out: kept, surer or dropped now their grains are known
    for (const g of own) if (g.requires) lowered.set(g, withRequirements(entry, g));
    own = own.flatMap((g) => current(g));
    const extra: GrainFact[] = [];
    for (const g of own) {
      const reduced = g.groups && withoutDependents(g);
      if (!reduced) continue;
      extra.push(reduced);
      // the GROUP BY list still tells rows apart, but it is not the grain: it ranks below its reduction
      lowered.set(g, { ...g, confidence: Math.min(g.confidence, reduced.confidence - 0.05) });
    }
    own = own.flatMap((g) => current(g));
    const origin = entry.facts.find((f) => f.defines && f.rowOrigin)?.rowOrigin;
    const inherited = origin && inherit(entry, origin);
    const listed = new Set(entry.facts.flatMap((f) => f.columns.map((c) => c.name.toLowerCase())));
    // a guess carried through `*` that names columns this table is not known to have loses to a guess from its own
    const doubtful = inherited?.source === 'heuristic' && listed.size > 0 && !inherited.columns.every((c) => listed.has(c.toLowerCase()));
    if (inherited && !(doubtful && namingGrain(entry))) extra.push(inherited);
    let guessedFromReaders: GrainFact | undefined;
    if (own.length === 0 && extra.length === 0) {
      const named = namingGrain(entry, read.get(id));
      // a guess from what readers select carries downstream, but is too thin to record on the table
      // itself, where foreign keys would be inferred toward it
      if (named && listed.size > 0) extra.push(named);
      else if (named) guessedFromReaders = named;
    }
    visiting.delete(id);
    if (extra.length) added.set(id, extra);
    if (guessedFromReaders) {
      best.set(id, guessedFromReaders);
      return guessedFromReaders;
    }
    // added facts go first in the record too (below): at equal confidence they win
    const winner = [...extra, ...own].sort(byPrecedence)[0] ?? null;
    best.set(id, winner);
    return winner;
  };

  /** the key if every joined table it requires is unique on the columns its join binds, else null */
  const withRequirements = (entry: CatalogEntry, g: GrainFact): GrainFact | null => {
    let confidence = g.confidence;
    let assumed = false;
    for (const need of g.requires ?? []) {
      const jid = resolver.resolve(need.table) ?? normalizeName(need.table);
      if (!jid || jid === entry.id) return null;
      const joined = grainOf(jid);
      const bound = need.columns.map((c) => c.toLowerCase());
      if (joined && joined.columns.every((c) => bound.includes(c.toLowerCase()))) {
        confidence = Math.min(confidence, joined.confidence);
        continue;
      }
      // a grain read from code or declared that the join does not bind: it may fan out
      if (joined && joined.source !== 'heuristic') return null;
      // unknown (or only guessed from names): a same-grain merge on two or more real key columns is taken to share the key
      if (!need.sameGrain || bound.filter((c) => !SOURCE_DISCRIMINATORS.includes(c)).length < 2) return null;
      confidence = Math.min(confidence, SAME_GRAIN_CAP);
      assumed = true;
    }
    const { requires: _, ...rest } = g;
    return { ...rest, confidence, detail: `${g.detail ?? ''}${assumed ? ', joined tables taken to share the key' : ''}` };
  };

  /** a GROUP BY key without the grouped columns that depend on a grouped table key */
  const withoutDependents = (g: GrainFact): GrainFact | undefined => {
    const drop = new Set<string>();
    const keep = new Set<string>();
    let confidence = Math.min(g.confidence, DEPENDENT_CAP.known);
    const by: string[] = [];
    // a lookup joined through another (`through`) is fixed by the groups only once that one is
    const fixed = new Set<string>();
    const pending = [...(g.groups ?? [])];
    for (let pass = 0; pass < 4 && pending.length; pass++) for (const group of [...pending]) {
      if (group.through && !fixed.has(group.through)) continue;
      pending.splice(pending.indexOf(group), 1);
      const upId = resolver.resolve(group.table) ?? normalizeName(group.table);
      const up = upId ? grainOf(upId) : null;
      const key = up?.columns.map((c) => c.toLowerCase());
      const held = !!up && !isFallbackGuess(up) && !!key?.length && key.every((c) => Object.prototype.hasOwnProperty.call(group.columns, c));
      // a joined table of unknown grain is taken to be unique on what its join ties to the groups
      const assumed = !held && assumedJoinKey(group, up);
      if (!held && !assumed) continue;
      for (const [col, name] of Object.entries(group.columns)) ((held ? key! : assumed as string[]).includes(col) ? keep : drop).add(name);
      for (const name of group.derived ?? []) drop.add(name);
      confidence = Math.min(confidence, assumed ? JOIN_BOUND_CAP : up!.source === 'heuristic' ? DEPENDENT_CAP.guessed : DEPENDENT_CAP.known);
      by.push(assumed ? `${upId}, taken to be unique on what its join binds` : upId);
      fixed.add(group.table);
    }
    // columns a hashed or concatenated key in the list determines (grain-hash-dependents.ts)
    const hashed = hashDependents(g, determined, resolver);
    for (const c of hashed.drop) if (!keep.has(c)) drop.add(c);
    if (hashed.via) confidence = Math.min(confidence, HASH_DEPENDENT_CAP[hashed.via]), by.push(`a listed ${hashed.via} key`);
    const columns = g.columns.filter((c) => !drop.has(c) || keep.has(c));
    if (columns.length === g.columns.length || columns.length === 0) return undefined;
    return { columns, source: 'sql', confidence, file: g.file, line: g.line, detail: `${g.detail}, less the columns that depend on the key of ${by.join(', ')}` };
  };

  const inherit = (entry: CatalogEntry, origin: RowOrigin): GrainFact | undefined => {
    if (origin.branches) return sharedUnionGrain(origin, (b) => inherit(entry, b), entry.files[0]);
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
    const facts = e.facts.map((f) =>
      f.grain.some((g) => lowered.has(g)) ? { ...f, grain: f.grain.flatMap((g) => current(g)) } : f,
    );
    if (!grain) return facts.every((f, i) => f === e.facts[i]) ? e : { ...e, facts };
    const fact: TableFact = { name: e.table, defines: false, aliases: [], upstream: [], columns: [], grain, joinKeys: [], owners: [], descriptions: [], consumers: [], tags: [] };
    // first, so that at equal confidence the upstream's smaller key wins over the GROUP BY list
    return { ...e, facts: [fact, ...facts] };
  });
}

/**
 * The columns of each table that the repo's queries read: from column lineage, the
 * columns a model passes on from its row origin, and the columns joins bind. For a table
 * the repo does not describe, this is all that is known of its columns.
 */
function columnsRead(entries: CatalogEntry[], resolver: Resolver): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (table: string, column: string) => {
    const id = resolver.resolve(table) ?? normalizeName(table);
    if (!id || !column || column === '*') return;
    let s = out.get(id);
    if (!s) out.set(id, (s = new Set()));
    s.add(column.toLowerCase());
  };
  for (const e of entries) {
    for (const f of e.facts) {
      for (const c of f.columns) {
        for (const l of c.lineage ?? []) {
          const dot = l.lastIndexOf('.');
          if (dot > 0) add(l.slice(0, dot), l.slice(dot + 1));
        }
      }
      const o = f.rowOrigin;
      if (o) {
        for (const c of Object.keys(o.columns)) add(o.table, c);
        for (const j of o.joins) for (const c of j.columns) add(j.table, c);
      }
    }
    for (const k of e.joinKeys) for (const c of k.refColumns) add(k.table, c);
  }
  columnsThroughStar(entries, add, (id) => out.get(id));
  return out;
}

/**
 * A model that passes its upstream's rows through `*` (`select base.*, x.name from base left
 * join x ...`) has the upstream's columns: every column it is known to have (documented, read
 * by its readers) that its own select list does not compute is one of the upstream's. When the
 * upstream is a table the repo does not build, this is how its key column comes to be known.
 * Chains of such models pass the columns back one step a round.
 */
function columnsThroughStar(entries: CatalogEntry[], add: (table: string, column: string) => void, readOf: (id: string) => Set<string> | undefined): void {
  const passing = entries.flatMap((e) => {
    const f = e.facts.find((x) => x.defines && x.rowOrigin?.all && !x.rowOrigin.branches && !x.rowOrigin.grouped);
    return f ? [{ e, origin: f.rowOrigin!, own: new Set(f.columns.filter((c) => c.source === 'sql').map((c) => c.name.toLowerCase())) }] : [];
  });
  for (let round = 0; round < 4; round++) {
    for (const { e, origin, own } of passing) {
      const named = new Set([...e.facts.flatMap((f) => f.columns.map((c) => c.name.toLowerCase())), ...(readOf(e.id) ?? [])]);
      const renamed = new Set(Object.values(origin.columns).map((c) => c.toLowerCase()));
      for (const c of named) if (!own.has(c) && !renamed.has(c)) add(origin.table, c);
    }
  }
}

