/**
 * Foreign keys inferred once the catalog is linked, for the relationships no model's
 * JOIN shows (a fact and a dimension that only an analyst joins). A table's key is
 * its grain as merged (declared, else inferred), so this pass runs after every grain
 * pass and uses whatever grain facts exist. Four rules, each below any declaration:
 *
 * - through a key (≤ 0.7): the column's lineage passes through a column that is
 *   another table's whole key (`fct.customer_id` <- `stg_customers.customer_id`);
 * - shared origin (≤ 0.6): the column and a table's key trace to one upstream column
 *   and that table is named after the entity (`dim_customers.customer_id` and
 *   `fct.customer_id` both come from `stg_orders.customer_id`);
 * - naming (≤ 0.5): `<x>_id` / `<role>_<x>_key` / `<x>_sk` / `<x>_code` / `<x>_fk` / `<x>_guid` -> the table
 *   whose key has that name (`<x>_pk` for an fk), or a table named after x (`dim_x`, `xs`,
 *   `stg_xs`, `tfact_x`, `<app>_x` in the same source system; fk-entities.ts) whose
 *   key (or, keyless, whose column) is that, if it is reference data or lives near
 *   the column's table; a tie between equally canonical tables gives nothing, since a
 *   wrong join key misleads more than a missing one.
 *
 * - learned names (≤ 0.45): a column name the repo's SQL joins, elsewhere, to one lookup
 *   column only (fk-join-vocabulary.ts), taught by two models or to a table named after it.
 *
 * A table with no known grain and one `<x>_pk` column is keyed by it here (its name says so);
 * one whose grain is several columns by its most certain one-column key read or declared.
 *
 * One target per column, the canonical one (fk-target-rank.ts). A table's own
 * single-column key only by the naming rule and only when it names another entity
 * (`fct_reviews` keyed by listing_id); never to itself, never to or from an ephemeral model, never
 * on a column that already has a declared key. The key goes on both tables; a table
 * that many reference keeps the MAX_INBOUND most certain of those mirrored keys.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import { tierOf, type JoinKeyFact, type Source, type TableFact } from '../../schemas/facts.js';
import { mergeGrain } from '../merge/grain.js';
import { singularOf } from './grain-naming.js';
import { ColumnGraph } from './column-graph.js';
import { canonicalSuffix, readColumnName, type NameReading } from './fk-naming.js';
import { areaOf, layerOf, markPerDatasetDimensions, nearEnough, pickCanonical, readsSchema, schemaOf, type TargetCandidate } from './fk-target-rank.js';
import { appWord, compact, ownIdColumn, sameApp, sourceAffinity, sourceParts, tableEntities } from './fk-entities.js';
import { learnJoinVocabulary } from './fk-join-vocabulary.js';
import { directJoins, keyTest } from './fk-relation.js';
import { NearIndex } from './fk-near-index.js';
import { ownIdIndex } from './fk-own-id.js';

export const FK_CONFIDENCE = {
  throughKey: 0.7,
  sharedOrigin: 0.6,
  namedKey: 0.5,
  roleNamedKey: 0.45,
  entityColumn: 0.4,
  /** a column name the repo's SQL joins to one lookup column elsewhere (fk-join-vocabulary.ts) */
  learnedName: 0.45,
  /** less when the target's key is itself only a guess from names */
  guessedKeyPenalty: 0.1,
};

/** inferred keys mirrored onto one referenced table, at most (its own outbound keys are not capped) */
export const MAX_INBOUND = 25;

interface Resolver {
  resolve(name: string): string | undefined;
}

interface Key {
  column: string;
  confidence: number;
  source: Source;
}

interface Found {
  target: CatalogEntry;
  refColumn: string;
  source: Source;
  confidence: number;
  detail: string;
}

const KEYISH = /(^|_)(id|key|sk|code|pk|fk|guid|uuid)$/;
const suffixOf = (c: string) => KEYISH.exec(c)?.[2];
/**
 * A column can carry a key under its own name, with a role in front (`supervising_provider_id`
 * from `provider_id`), or under a name that reads as the key table's entity; but
 * `customer_sk` computed from `customer_id` is another key system (a hash of it), not
 * the same values, and `count(customer_id) as n_buyers` or an unrelated `*_id` is no key.
 */
const fits = (col: string, key: string, named: boolean) => {
  if (col === key || col.endsWith(`_${key}`)) return true;
  const a = suffixOf(col);
  const b = suffixOf(key);
  // an `_fk` holds whichever key it was read from (`order_fk` from `order_key`)
  if (a && b && a !== b && a !== 'fk') return false;
  return named;
};

/**
 * A table whose grain is several columns (`platform, readable_id` of a slowly changing
 * dimension) can still have a one-column key that others reference: its surrogate key,
 * a column's own `unique` test. The most certain one read from code or declared.
 */
function alternateKey(facts: TableFact[]): Key | undefined {
  let best: Key | undefined;
  for (const f of facts) {
    for (const g of f.grain) {
      if (g.columns.length !== 1 || tierOf(g.source) === 'model' || g.source === 'heuristic') continue;
      if (!best || g.confidence > best.confidence) best = { column: g.columns[0].toLowerCase(), confidence: g.confidence, source: g.source };
    }
  }
  return best;
}

/** a table with no known grain whose one `pk` / `<x>_pk` column says by its name that it is the primary key */
function primaryKeyByName(columns: Iterable<string>): string | undefined {
  const pks = [...columns].filter((c) => /(^|_)pk$/.test(c));
  return pks.length === 1 ? pks[0] : undefined;
}

/** the words a reading stripped from the front of the column: `micromasters` of `micromasters_program_id` */
function roleWords(col: string, r: NameReading): string[] {
  if (!r.role) return [];
  const tail = r.suffix ? `${r.entity}_${r.suffix}` : r.entity;
  return col.slice(0, col.length - tail.length).split('_').filter(Boolean);
}

const isEphemeral = (e: CatalogEntry) => String(e.kind).includes('ephemeral');

export function inferForeignKeys(entries: CatalogEntry[], resolver: Resolver): CatalogEntry[] {
  const graph = new ColumnGraph(entries, resolver);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const usable = entries.filter((e) => !isEphemeral(e));
  markPerDatasetDimensions(usable);

  // single-column keys: what a foreign key can point at
  const keyOf = new Map<string, Key>();
  const keyless = new Set<string>();
  const grains = new Map<string, string[]>();
  for (const e of usable) {
    const g = mergeGrain(e.facts, null).grain;
    if (g) grains.set(e.id, g.columns);
    const alt = g && g.columns.length > 1 ? alternateKey(e.facts) : undefined;
    if (g?.columns.length === 1 && g.source) keyOf.set(e.id, { column: g.columns[0].toLowerCase(), confidence: g.confidence ?? 0, source: g.source });
    else if (alt) keyOf.set(e.id, alt);
    else if (!g) {
      const pk = primaryKeyByName(graph.columnsOf(e.id).keys());
      const own = pk ? undefined : e.kind !== 'dbt seed' ? ownIdColumn(e.id, graph.columnsOf(e.id).keys()) : undefined;
      if (pk) keyOf.set(e.id, { column: pk, confidence: FK_CONFIDENCE.namedKey, source: 'heuristic' });
      else if (own) keyOf.set(e.id, { column: own, confidence: FK_CONFIDENCE.entityColumn, source: 'heuristic' });
      else keyless.add(e.id);
    }
  }
  const push = (m: Map<string, Set<string>>, k: string, v: string) => {
    const set = m.get(k);
    if (!set) m.set(k, new Set([v]));
    else set.add(v);
  };
  // entity names are compacted (fk-entities.ts): `courserun` is `course_run`
  const entitiesOf = new Map<string, Set<string>>();
  const exactOf = new Map<string, Set<string>>();
  const keylessSeeds = new Map<string, Set<string>>();
  for (const e of usable) {
    const named = [e.id, ...e.aliases].map(tableEntities);
    const exact = new Set(named.flatMap((n) => [...n.exact]));
    const names = new Set([...exact, ...named.flatMap((n) => [...n.trailing])]);
    entitiesOf.set(e.id, names);
    exactOf.set(e.id, exact);
    if (keyless.has(e.id) && e.kind === 'dbt seed') for (const x of names) push(keylessSeeds, x, e.id);
  }
  // indexes by what a column's reading asks for, so no lookup scans every table with a key:
  // "<key column>|<entity>" -> tables named after the entity keyed by that column, and
  // "<origin column node>|<entity>" -> such tables whose key is carried from that node
  const at = (a: string, b: string) => `${a}\u0001${b}`;
  /** a key guessed from names only, below a named key (a grain fallback, a table's one <entity>_id column) */
  const weakKey = (k: Key) => k.source === 'heuristic' && k.confidence < FK_CONFIDENCE.namedKey;
  const keyedNamed = new NearIndex();
  const fromOrigin = new Map<string, Set<string>>();
  for (const [id, k] of keyOf) {
    const names = entitiesOf.get(id)!;
    for (const x of names) keyedNamed.add(at(k.column, x), byId.get(id)!);
    // a sibling is found by its key alone, so the weakest key guesses (a table's one
    // <entity>_id column) are not enough: one wrong guess would mislead every table
    if (weakKey(k)) continue;
    const keyNode = graph.node(id, k.column);
    for (const a of [keyNode, ...graph.ancestors(keyNode)]) for (const x of names) push(fromOrigin, at(a, x), id);
  }
  const entityIdNamed = ownIdIndex(keyOf, byId, exactOf, graph, at);
  const exactlyNamedAfter = (id: string, readings: NameReading[]) => {
    const names = exactOf.get(id);
    return !!names && readings.some((r) => names.has(compact(r.entity)));
  };
  /** the candidate's rank fields beyond being named: whole-name match and source-system affinity */
  const placed = (from: string, t: string, col: string, readings: NameReading[]) => ({
    exact: exactlyNamedAfter(t, readings),
    affinity: sourceAffinity(from, t, readings.flatMap((r) => roleWords(col, r))),
  });
  /**
   * Table t is named after what the column of table `from` reads as: by its whole name, or
   * by the last word of an `<app>_<model>` name within the same source system only
   * (`courses_program` in micromasters' staging; a terminology seed `immunization_status`
   * is no table of every `status_code`).
   */
  const namedAfter = (from: string, t: string, col: string, readings: NameReading[]) => {
    const names = entitiesOf.get(t);
    if (!names || !readings.some((r) => names.has(compact(r.entity)))) return false;
    const p = placed(from, t, col, readings);
    return p.exact || p.affinity > 0 || sameApp(from, t);
  };
  /** both tables named for a source system and not the same one, and no role word of the column names the target's: ids do not cross systems */
  const otherSystem = (from: string, to: string, affinity = 0) => affinity === 0 && sourceParts(from).length > 0 && sourceParts(to).length > 0;
  const keyConfidence = (base: number, k: Key) => (k.source === 'heuristic' ? base - FK_CONFIDENCE.guessedKeyPenalty : base);

  const throughLineage = (e: CatalogEntry, col: string, readings: NameReading[]): Found | undefined => {
    const onPath = new Set<string>();
    const cands = new Map<string, TargetCandidate>();
    for (const a of graph.ancestors(graph.node(e.id, col))) {
      const t = graph.tableOf(a);
      const c = graph.columnOf(a);
      // `count(customer_id) as n_customers` also has one parent: the name must still fit
      // a weak guess of a key from names (a grain fallback) speaks only for a table named after the column
      const key = t !== e.id ? keyOf.get(t) : undefined;
      if (key?.column === c) {
        const named = namedAfter(e.id, t, col, readings);
        if (fits(col, c, named) && (!weakKey(key) || named)) {
          onPath.add(t);
          cands.set(t, { entry: byId.get(t)!, named, ...placed(e.id, t, col, readings) });
        }
      }
      for (const r of readings) {
        for (const s of fromOrigin.get(at(a, compact(r.entity))) ?? []) {
          if (s === e.id || cands.has(s) || !fits(col, keyOf.get(s)!.column, true) || !namedAfter(e.id, s, col, [r])) continue;
          cands.set(s, { entry: byId.get(s)!, named: true, ...placed(e.id, s, col, [r]) });
        }
      }
    }
    const best = pickCanonical([...cands.values()], layerOf(e), false);
    if (!best) return undefined;
    const t = best.entry.id;
    const k = keyOf.get(t)!;
    const through = onPath.has(t);
    return {
      target: best.entry,
      refColumn: k.column,
      source: 'sql',
      confidence: keyConfidence(through ? FK_CONFIDENCE.throughKey : FK_CONFIDENCE.sharedOrigin, k),
      detail: through ? `lineage: ${col} passes through ${t}'s key ${k.column}` : `lineage: ${col} shares its origin with ${t}'s key ${k.column}`,
    };
  };

  type NamedCandidate = TargetCandidate & { ref: string; confidence: number };
  const genericKeys = (r: NameReading) => [...new Set(['id', 'key', ...(r.suffix ? [canonicalSuffix(r.suffix)] : [])])];
  /**
   * One reading's outcome: the best table named after it, `null` for a tie (the caller
   * stops: the longest reading that names anything decides), or 'none'.
   */
  const rankByName = (e: CatalogEntry, col: string, r: NameReading): NamedCandidate | null | 'none' => {
    const x = compact(r.entity);
    const words = roleWords(col, r);
    const cands = new Map<string, NamedCandidate>();
    // the tests of `placed`, `nearEnough`, `namedAfter` and `otherSystem`, cheapest first and
    // each once: most candidates fail them, and a candidate that fails under one key name
    // fails under every other (none of the tests reads the key)
    const consider = (t: string, ref: string, confidence: number) => {
      if (cands.has(t)) return;
      const entry = byId.get(t)!;
      const affinity = sourceAffinity(e.id, t, words);
      // one app's tables (`netsuite_transactions`, `netsuite_accounting_periods`) are one source system across schemas
      const app = sameApp(e.id, t);
      if ((t !== e.id && !nearEnough(e, entry, affinity > 0 || app)) || otherSystem(e.id, t, affinity) || !entitiesOf.get(t)?.has(x)) return;
      const exact = exactlyNamedAfter(t, [r]);
      if (!exact && affinity === 0 && !app) return;
      cands.set(t, { entry, named: true, exact, affinity, ref, confidence });
    };
    // a table named after the entity whose key has the canonical name (a table merely
    // keyed by it, `customer_ltv` by customer_id, is a join but not what the column names)
    for (const t of keyedNamed.near(at(r.canonical, x), e, words)) {
      const k = keyOf.get(t)!;
      consider(t, k.column, keyConfidence(r.role ? FK_CONFIDENCE.roleNamedKey : FK_CONFIDENCE.namedKey, k));
    }
    // a table named after the entity keyed by a generic name (`customers.id`)
    for (const generic of genericKeys(r)) {
      for (const t of keyedNamed.near(at(generic, x), e, words, true)) {
        // a raw table's bare `id` is its own system's: `zuora_stitch.account.id` is no `account_id` of Salesforce's
        if (byId.get(t)!.kind === 'dbt source' && !readsSchema(e, schemaOf(t))) continue;
        consider(t, generic, keyConfidence(FK_CONFIDENCE.roleNamedKey, keyOf.get(t)!));
      }
    }
    // a table named after the entity keyed otherwise (a snapshot by a surrogate, or its grain
    // misread) whose own `<entity>_id` column has the canonical name: `dim_crm_user.dim_crm_user_id`
    for (const t of entityIdNamed.near(at(r.canonical, x), e, words)) consider(t, r.canonical, FK_CONFIDENCE.entityColumn);
    // a keyless lookup seed named after the entity: its same-named column is the code it
    // lists (a keyless model named after the entity may carry that code as a mere attribute)
    for (const t of keylessSeeds.get(x) ?? []) {
      if (graph.columnsOf(t).has(r.canonical)) consider(t, r.canonical, FK_CONFIDENCE.entityColumn);
    }
    if (cands.size === 0) return 'none';
    // a tie gives nothing
    return (pickCanonical([...cands.values()], layerOf(e), true) as NamedCandidate | undefined) ?? null;
  };

  /**
   * rankByName reads of the referring table only what `rankSignature` holds, plus its own
   * id when it is a candidate itself. Tables alike in all of that (a tenant's or region's
   * copy of the same models) share one ranking per reading: without it a repo with an
   * entity in hundreds of places ranked hundreds of candidates for every column naming it.
   */
  const signatures = new Map<string, string>();
  const rankSignature = (e: CatalogEntry) => {
    let sig = signatures.get(e.id);
    if (sig === undefined) {
      const area = areaOf(e);
      const upstreamSchemas = [...new Set(e.upstream.map(schemaOf))].sort();
      sig = [[...area.projects].sort().join(','), area.schema, area.folder, sourceParts(e.id).join('__'), appWord(e.id) ?? '', layerOf(e), upstreamSchemas.join(',')].join('\u0004');
      signatures.set(e.id, sig);
    }
    return sig;
  };
  const isCandidate = (e: CatalogEntry, r: NameReading) => {
    const x = compact(r.entity);
    return (
      keyedNamed.has(at(r.canonical, x), e.id) ||
      genericKeys(r).some((g) => keyedNamed.has(at(g, x), e.id)) ||
      entityIdNamed.has(at(r.canonical, x), e.id) ||
      !!keylessSeeds.get(x)?.has(e.id)
    );
  };
  const ranked = new Map<string, NamedCandidate | null | 'none'>();
  const byName = (e: CatalogEntry, col: string, readings: NameReading[]): Found | undefined => {
    for (const r of readings) {
      const memoKey = [rankSignature(e), JSON.stringify(r), roleWords(col, r).join('_'), isCandidate(e, r) ? e.id : ''].join('\u0005');
      let best = ranked.get(memoKey);
      if (best === undefined) ranked.set(memoKey, (best = rankByName(e, col, r)));
      if (best === 'none') continue;
      if (!best) return undefined;
      // the table itself is the most canonical holder: with a role in front (`parent_account_id` in accounts,
      // `manager_employee_id` in employees) a hierarchy, a self-reference; without one, the table's own column
      if (best.entry.id === e.id && !r.role) return undefined;
      return {
        target: best.entry,
        refColumn: best.ref,
        source: 'heuristic',
        confidence: best.confidence,
        detail: `naming: ${col} names ${best.entry.id}.${best.ref}`,
      };
    }
    return undefined;
  };

  /**
   * A table of the referring table's own source system keyed by the column's very name
   * (`user_profile_id` in `stg__micromasters__...__profiles_education`, the key of
   * `stg__micromasters__...__profiles_profile`): ids are local to their system, so this
   * is what the column holds even when no table is named after it. The closest system
   * decides; a tie there gives nothing.
   */
  const keyedBy = new NearIndex();
  for (const [id, k] of keyOf) keyedBy.add(k.column, byId.get(id)!);
  const sameSystemKey = (e: CatalogEntry, col: string): Found | undefined => {
    const scored = keyedBy.sameSystem(col, e)
      .filter((t) => t !== e.id && !isEphemeral(byId.get(t)!))
      .map((t) => ({ t, affinity: sourceAffinity(e.id, t) }))
      .filter((c) => c.affinity > 0 && nearEnough(e, byId.get(c.t)!, true))
      .sort((a, b) => b.affinity - a.affinity);
    if (!scored.length || scored[1]?.affinity === scored[0].affinity) return undefined;
    const t = byId.get(scored[0].t)!;
    const k = keyOf.get(t.id)!;
    return { target: t, refColumn: k.column, source: 'heuristic', confidence: keyConfidence(FK_CONFIDENCE.roleNamedKey, k), detail: `naming: ${col} is the key of ${t.id}, in the same source system` };
  };

  /**
   * A name read as a table built after the referrer (a mart's `dim_fee_schedule` from a staging
   * model) yields to its own source system's table keyed by the column's very name
   * (`stg_opendental__feesched`): a relationships test checks a model against its inputs.
   */
  const inputsFirst = (e: CatalogEntry, found: Found | undefined, sameSystem: () => Found | undefined) =>
    found && layerOf(found.target) > layerOf(e) ? (sameSystem() ?? found) : found;

  const isKey = keyTest(grains, new Map([...keyOf].map(([id, k]) => [id, k.column])));
  const vocabulary = learnJoinVocabulary(entries, isKey);
  /** a column the repo's SQL joins, elsewhere, to one lookup column only */
  const learned = (e: CatalogEntry, col: string, readings: NameReading[]): Found | undefined => {
    const v = vocabulary.get(col);
    const target = v && byId.get(v.table);
    if (!v || !target || target.id === e.id || isEphemeral(target) || !nearEnough(e, target)) return undefined;
    // one join of a generic name (`code`, `status`) teaches little: it takes two models, or a target named after the column
    const named = exactOf.get(target.id)?.has(compact(col)) || exactlyNamedAfter(target.id, readings);
    if (v.taught < 2 && !named) return undefined;
    // nor does a natural key every source system has (`courserun_readable_id`) belong to one system's table
    if (sourceParts(e.id).length && sourceParts(target.id).length && sourceAffinity(e.id, target.id) === 0) return undefined;
    const n = v.taught === 1 ? 'one model' : `${v.taught} models`;
    return { target, refColumn: v.column, source: 'heuristic', confidence: FK_CONFIDENCE.learnedName, detail: `joined in code: ${n} join ${col} to ${target.id}.${v.column}` };
  };

  const added = new Map<string, JoinKeyFact[]>();
  const have = new Set<string>();
  const sig = (a: string, ac: string, b: string, bc: string) => `${a}\u0000${ac}\u0000${b}\u0000${bc}`;
  for (const e of entries) for (const k of e.joinKeys) if (k.columns.length === 1) have.add(sig(e.id, k.columns[0].toLowerCase(), k.table, k.refColumns[0]?.toLowerCase() ?? ''));
  const add = (id: string, fact: JoinKeyFact) => {
    const s = sig(id, fact.columns[0], fact.table, fact.refColumns[0]);
    if (have.has(s)) return;
    have.add(s);
    const list = added.get(id);
    if (!list) added.set(id, [fact]);
    else list.push(fact);
  };

  const inbound = new Map<string, { fact: JoinKeyFact; reads: number }[]>();
  const readingsOf = new Map<string, NameReading[]>();
  const keyNames = new Set([...keyOf.values()].map((k) => k.column));
  for (const e of usable) {
    const own = keyOf.get(e.id)?.column;
    const declared = new Set(
      e.joinKeys.filter((k) => k.columns.length === 1 && tierOf(k.source) !== 'static' && tierOf(k.source) !== 'model').map((k) => k.columns[0].toLowerCase()),
    );
    for (const col of graph.columnsOf(e.id).keys()) {
      if (declared.has(col)) continue;
      let readings = readingsOf.get(col);
      if (!readings) readingsOf.set(col, (readings = readColumnName(col)));
      // the table's own key is the entity it is named after (`customers.customer_id`), no
      // reference; a key that names another entity (`reviews` keyed by listing_id) still is one
      if (col === own && (readings.length === 0 || namedAfter(e.id, e.id, col, readings) || nameMentions(e.id, readings))) continue;
      // most columns are attributes: a name that reads as no key and is no table's key cannot fit one
      if (readings.length === 0 && !keyNames.has(col) && !KEYISH.test(col) && !vocabulary.has(col)) continue;
      // an own key is carried from the upstream rows it extends, so only its whole name says what
      // it references (`listing_host_id` keys listing-host pairs, it is no host_id)
      const found =
        col === own
          ? byName(e, col, readings.filter((r) => !r.role))
          : (throughLineage(e, col, readings) ?? (readings.length ? inputsFirst(e, byName(e, col, readings), () => sameSystemKey(e, col)) : undefined) ?? learned(e, col, readings) ?? (readings.length ? sameSystemKey(e, col) : undefined));
      if (!found) continue;
      const { target, refColumn, ...evidence } = found;
      add(e.id, { ...evidence, file: e.files[0], columns: [col], table: target.id, refColumns: [refColumn], relation: 'references' });
      // a self-reference is one edge of one record: no mirror
      if (target.id === e.id) continue;
      const back: JoinKeyFact = { ...evidence, file: e.files[0], columns: [refColumn], table: e.id, refColumns: [col], relation: 'referenced by' };
      const list = inbound.get(target.id);
      if (!list) inbound.set(target.id, [{ fact: back, reads: e.downstream.length }]);
      else list.push({ fact: back, reads: e.downstream.length });
    }
  }
  // the mirrored side: a lookup every table references would list them all; keep the
  // most certain, then the most-read referrers
  for (const [id, list] of inbound) {
    list.sort((a, b) => b.fact.confidence - a.fact.confidence || b.reads - a.reads || a.fact.table.localeCompare(b.fact.table));
    for (const { fact } of list.slice(0, MAX_INBOUND)) add(id, fact);
  }
  const withInferred = entries.map((e) => {
    const more = added.get(e.id);
    return more ? { ...e, joinKeys: [...e.joinKeys, ...more] } : e;
  });
  return directJoins(withInferred, isKey);
}

/**
 * A table keyed by its own entity's id whatever else its name says: `int_orders_enriched`,
 * `customers_orders_rollup` and `invoices_current` are keyed by order_id, customer_id and
 * invoice_id as the entity they carry, not as a reference to another table of it.
 */
function nameMentions(id: string, readings: NameReading[]): boolean {
  const words = (id.split('.').pop() ?? id).toLowerCase().split(/_+/).filter(Boolean);
  const runs = new Set<string>();
  for (let i = 0; i < words.length; i++) for (let j = i + 1; j <= words.length; j++) runs.add(words.slice(i, j).join('_'));
  return readings.some((r) => !r.role && [...runs].some((run) => run === r.entity || singularOf(run) === r.entity));
}
