/**
 * Which columns stay unique through a select, so a grain found in a CTE (GROUP BY,
 * DISTINCT, ROW_NUMBER() = 1, a surrogate key) reaches the table the query writes.
 *
 * A select keeps its driving (first FROM) relation's rows when every other relation is
 * LEFT or INNER joined on one of its unique keys: such a join matches at most one row
 * and cannot fan out. When the driving relation is a physical table its keys are not
 * known here, so the select records its `origin` (that table, how its columns are
 * renamed, and which columns of which tables the joins bind); the catalog pass
 * (enrichers/catalog/grain-propagation.ts) decides once the upstreams' grains are known.
 */
import type { Node } from './parse.js';
import { columnRef, conjuncts, functionName, groupByExprs, hasAggregate, identText, isEquality, subquerySelect, walk } from './ast.js';
import { selectRuleKeys } from './grain.js';
import { relationOf, type Rel, type Scope } from './scope.js';
import { fullJoinKeys } from './grain-full-join.js';
import { projectBranches } from './grain-union-origin.js';
import { joinBoundColumns, THROUGH, type BoundByGroup } from './grain-join-bound.js';
import { groupedInputKeys } from './grain-grouped-key.js';
import { placeGroupedUnqualified } from './grain-grouped-unqualified.js';

export interface RowKey {
  columns: string[];
  confidence: number;
  detail: string;
  /** GROUP BY keys: the grouped columns each table instance passes (upstream column -> name here) */
  groups?: KeyGroup[];
  /** joined tables that must be unique on the columns their joins bind for this to be a key (catalog decides) */
  requires?: KeyRequirement[];
}

export interface KeyRequirement {
  table: string;
  /** the table's columns the join binds, in its own names */
  columns: string[];
  /** the join binds every column of the key on both sides */
  sameGrain?: boolean;
}

export interface KeyGroup {
  table: string;
  columns: Record<string, string>;
  /** names of grouped expressions over that instance's columns only */
  derived?: string[];
  /** a joined table's columns its ON clause ties to grouped columns (grain-join-bound.ts) */
  bound?: string[];
  /** the joined table whose columns the ON clause ties `bound` to, when not to grouped columns */
  through?: string;
}

/** The rows of a relation are one physical table's rows (filtered, projected, joined without fan-out). */
export interface RowOrigin {
  table: string;
  /** upstream column -> this relation's column, for the columns it passes unchanged */
  columns: Record<string, string>;
  /** every upstream column not in `columns` also passes under its own name (a `*`) */
  all: boolean;
  /** tables joined on equality and the columns of theirs the join binds: no fan-out iff those hold one of their keys */
  joins: { table: string; columns: string[] }[];
  /** upstream columns WHERE pins to one value (`= 'x'`, `= (select max(..))`): no longer needed in a key */
  fixed?: string[];
  /** the rows are GROUP BY groups of the upstream's rows, `columns` the grouping columns kept: one row per
   * upstream key when the groups hold all of it */
  grouped?: boolean;
  /** a UNION's rows: each branch one upstream's rows (grain-union-origin.ts) */
  branches?: Omit<RowOrigin, 'branches'>[];
}

/** carrying a key through a join or a CTE is an inference on top of the rule that found it */
const CARRIED_CAP = 0.8;
export const SURROGATE_CONFIDENCE = { overKey: 0.85, alone: 0.7, grouped: 0.85 };
export const GROUPED_SURROGATE = 'surrogate key over the grouped columns';

export const HASH_FUNCTIONS = new Set([
  'md5', 'md5_hex', 'md5_binary', 'md5_number_lower64', 'sha', 'sha1', 'sha2', 'sha256', 'sha512', 'sha1_hex', 'sha2_hex',
  'hash', 'farm_fingerprint', 'fingerprint', 'xxhash64', 'xxhash', 'murmur3', 'hashbytes', 'generate_surrogate_key', 'surrogate_key',
  'hash_md5', 'to_md5',
]);

interface Ref {
  rel: Rel;
  column: string;
}

const hasOwn = (o: Record<string, string>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Sets `rel.keys` and `rel.origin` for one SELECT core analysed by scope.ts. */
export function computeRowKeys(sel: Node, from: Node[], rel: Rel, scope: Scope): void {
  placeGroupedUnqualified(sel, rel, scope);
  const keys: RowKey[] = selectRuleKeys(sel, rel, scope);
  const bound = joinBoundColumns(sel, from, rel, scope);
  for (const k of keys) if (['GROUP BY', 'GROUP BY ALL', 'SELECT DISTINCT'].includes(k.detail)) k.groups = keyGroups(k.columns, rel, bound);
  // the select's own list: columns a `*` copied carry their CTE's expressions
  const aggregated = !!groupByExprs(sel) || (Array.isArray(sel.columns) && sel.columns.some((c: Node) => hasAggregate(c.expr ?? c)));
  const joined = aggregated ? undefined : joinedRows(from, scope);
  // relations merged on their common key (FULL OUTER JOIN ... coalesce): grain-full-join.ts
  if (!aggregated) keys.push(...fullJoinKeys(from, rel, scope));
  if (joined) {
    const fixed = pinnedColumns(sel.where, scope);
    const isFixed = (r: Ref) => fixed.some((f) => f.rel === r.rel && f.column === r.column);
    for (const k of joined.keys) {
      const refs = k.refs.filter((r) => !isFixed(r));
      if (refs.length === 0) continue;
      const names = refs.map((r) => outputNameOf(r, rel));
      if (names.every((n): n is string => !!n)) {
        const groups = carryGroups(k.groups, joined.driver, rel);
        keys.push({
          columns: names,
          confidence: Math.min(k.confidence, CARRIED_CAP),
          detail: k.detail.includes('carried') ? k.detail : `${k.detail}, carried`,
          ...(groups ? { groups } : {}),
          ...(k.requires?.length ? { requires: k.requires } : {}),
        });
      }
    }
    if (joined.origin) {
      rel.origin = projectOrigin(joined.origin, joined.driver, sel, rel, scope);
      const base = originOf(joined.driver)!;
      const ups = fixed.filter((f) => f.rel === joined.driver).map((f) => upstreamName(base, f.column)).filter((c): c is string => !!c);
      const pinned = [...new Set([...(base.fixed ?? []), ...ups])];
      if (pinned.length) rel.origin.fixed = pinned;
    }
  }
  if (aggregated) {
    const single = from.length === 1 && scope.rels.length === 1 ? scope.rels[0] : undefined;
    keys.push(...groupedInputKeys(keys.find((k) => k.detail === 'GROUP BY'), single, rel));
    const grouped = groupedOrigin(sel, from, rel, scope, keys);
    if (grouped) rel.origin = grouped;
  }
  // a hash over a key is that key in one column, the form a `unique` test is written on
  const grouped = keys.find((k) => k.detail === 'GROUP BY' || k.detail === 'GROUP BY ALL')?.columns;
  const surrogates = surrogateKeys(rel, keys, joined?.keys ?? [], grouped);
  rel.keys = dedupe([...surrogates.filter((k) => k.confidence >= SURROGATE_CONFIDENCE.overKey), ...keys, ...surrogates]);
}

/** Keeps the names of keys and origin in step when a CTE or INSERT column list renames the columns. */
export function renameRowKeys(rel: Rel, renamed: Map<string, string>): void {
  if (renamed.size === 0) return;
  const to = (c: string) => renamed.get(c) ?? c;
  if (rel.keys) {
    rel.keys = rel.keys.map((k) => ({
      ...k,
      columns: k.columns.map(to),
      ...(k.groups
        ? { groups: k.groups.map((g) => ({ ...g, columns: Object.fromEntries(Object.entries(g.columns).map(([u, o]) => [u, to(o)])), ...(g.derived ? { derived: g.derived.map(to) } : {}) })) }
        : {}),
    }));
  }
  if (rel.origin) {
    const columns: Record<string, string> = {};
    for (const [up, out] of Object.entries(rel.origin.columns)) columns[up] = to(out);
    // a renamed star column no longer passes under its own name
    const same = [...renamed].every(([a, b]) => a === b);
    const branches = rel.origin.branches?.map((b) => ({ ...b, columns: Object.fromEntries(Object.entries(b.columns).map(([u, o]) => [u, to(o)])), all: b.all && same }));
    rel.origin = { ...rel.origin, columns, all: rel.origin.all && same, ...(branches ? { branches } : {}) };
  }
}

export interface Joined {
  driver: Rel;
  keys: { refs: Ref[]; confidence: number; detail: string; groups?: KeyGroup[]; requires?: KeyRequirement[] }[];
  origin?: RowOrigin;
}

/** The keys and origin of the FROM clause's row set, or undefined when a join may fan out. */
function joinedRows(from: Node[], scope: Scope): Joined | undefined {
  const rels = scope.rels;
  if (from.length === 0 || rels.length !== from.length) return undefined;
  const driver = rels[0];
  if (driver.kind === 'opaque') return undefined;
  let keys: Joined['keys'] = (driver.keys ?? []).map((k) => ({ refs: k.columns.map((column) => ({ rel: driver, column })), confidence: k.confidence, detail: k.detail, groups: k.groups, requires: k.requires }));
  const base = originOf(driver);
  let origin: RowOrigin | undefined = base && { ...base, joins: [...base.joins] };
  for (let i = 1; i < from.length; i++) {
    const item = from[i];
    const r = rels[i];
    const type = String(item.join ?? '').toUpperCase().replace(/\s+/g, ' ');
    if (!/^(LEFT (OUTER )?|INNER )?JOIN$/.test(type) || r.kind === 'opaque') return undefined;
    const bound = boundColumns(item, r, scope);
    const byKey = (r.keys ?? []).find((k) => k.columns.every((c) => bound.has(c)));
    if (byKey) {
      keys = keys.map((k) => ({ ...k, confidence: Math.min(k.confidence, byKey.confidence), detail: `${k.detail}, carried` }));
      continue;
    }
    // the joined relation's keys are not known here: whether it fans out is decided with the catalog
    const ro = originOf(r);
    // a joined union has no one table to be unique on what the join binds
    if (!ro || ro.branches) return undefined;
    const ups = [...bound].map((c) => upstreamName(ro, c)).filter((c): c is string => !!c);
    if (origin) origin.joins.push({ table: ro.table, columns: ups }, ...ro.joins);
    // the driver's keys stay keys if that table is unique on what the join binds; a relation whose
    // keys are known here and not bound holds several rows per bound value
    const partners = joinPartners(item, r, scope);
    const unbound = (r.keys ?? []).some((k) => !k.requires?.length);
    keys = unbound ? [] : keys.map((k) => {
      const sameGrain = ups.length === bound.size && k.refs.every((ref) => partners.some((p) => p.rel === ref.rel && p.column === ref.column));
      const need: KeyRequirement = { table: ro.table, columns: ups, ...(sameGrain ? { sameGrain } : {}) };
      return { ...k, detail: `${k.detail}, carried`, requires: [...(k.requires ?? []), need, ...ro.joins] };
    });
  }
  return { driver, keys, origin };
}

/**
 * The grouped columns (output names) that pass one table instance's columns unchanged,
 * per instance, where an instance gives two or more: only there can some depend on others.
 */
function keyGroups(grouped: string[], rel: Rel, bound: BoundByGroup[]): KeyGroup[] | undefined {
  const byInst = new Map<string, KeyGroup>();
  for (const name of grouped) {
    const col = rel.columns.find((c) => c.name === name);
    const at = col?.src ?? col?.dep;
    if (!at) continue;
    const g = byInst.get(at.inst) ?? { table: at.table, columns: {} };
    if (col?.src && !hasOwn(g.columns, col.src.column)) g.columns[col.src.column] = name;
    else if (!col?.src) g.derived = [...(g.derived ?? []), name];
    byInst.set(at.inst, g);
  }
  // a joined instance's column the ON clause ties to a grouped column is fixed by each group too
  const partly = new Set<string>();
  for (const b of bound) {
    const g = byInst.get(b.src.inst);
    if (!g) continue;
    // the lookup's joined column listed by its own reference (`group by c.c_custkey, c.c_name ... on
    // c.c_custkey = o.customer_id`): each group fixes it as surely as through the driver's column.
    // Tied to another grouped lookup instead, the chain through that one decides (chainLookups)
    const other = b.other && byInst.get(b.other.inst);
    if (b.joined && !other && hasOwn(g.columns, b.src.column) && !g.columns[b.src.column].startsWith(THROUGH)) {
      g.bound = [...new Set([...(g.bound ?? []), b.src.column])];
      continue;
    }
    if (!b.name || !grouped.includes(b.name)) {
      // its join binds a column no group fixes: what it binds is not what each group holds
      if (b.joined) partly.add(b.src.inst);
      continue;
    }
    if (!hasOwn(g.columns, b.src.column)) g.columns[b.src.column] = b.name;
    if (b.joined && g.columns[b.src.column] === b.name) g.bound = [...new Set([...(g.bound ?? []), b.src.column])];
  }
  for (const inst of partly) delete byInst.get(inst)!.bound;
  chainLookups(byInst, partly, bound);
  const out = [...byInst.values()].filter((g) => Object.keys(g.columns).length + (g.derived?.length ?? 0) >= 2);
  return out.length ? out : undefined;
}

/**
 * A lookup joined on a column of another lookup (`left join campaigns on ad_groups.campaign_id
 * = campaigns.campaign_id`, ad_groups joined on the grouped ad_group_id) is fixed by the groups
 * too, if that one is: its group notes which (`through`), and the catalog decides in order.
 */
function chainLookups(byInst: Map<string, KeyGroup>, partly: Set<string>, bound: BoundByGroup[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const inst of partly) {
      const g = byInst.get(inst)!;
      const ties = bound.filter((b) => b.joined && b.src.inst === inst);
      const loose = ties.filter((b) => !(b.name && g.columns[b.src.column] === b.name));
      const via = new Set(loose.map((b) => b.other?.inst));
      const [j] = via;
      const through = via.size === 1 && j && j !== inst ? byInst.get(j) : undefined;
      if (!through?.bound) continue;
      for (const b of loose) {
        // a listed column of its own that the chain fixes is no key column of the groups
        const own = g.columns[b.src.column];
        if (own && !own.startsWith(THROUGH)) g.derived = [...new Set([...(g.derived ?? []), own])];
        g.columns[b.src.column] = `${THROUGH}${b.other!.column}`;
      }
      g.bound = [...new Set(ties.map((b) => b.src.column))];
      g.through = through.table;
      partly.delete(inst);
      changed = true;
    }
  }
}

/** a key's groups under the names a select gives the driver's columns; a group not passed whole is left out */
function carryGroups(groups: KeyGroup[] | undefined, driver: Rel, rel: Rel): KeyGroup[] | undefined {
  if (!groups) return undefined;
  const out: KeyGroup[] = [];
  for (const g of groups) {
    const columns: Record<string, string> = {};
    for (const [up, name] of Object.entries(g.columns)) {
      const here = name.startsWith(THROUGH) ? name : outputNameOf({ rel: driver, column: name }, rel);
      if (!here) break;
      columns[up] = here;
    }
    const derived = (g.derived ?? []).map((name) => outputNameOf({ rel: driver, column: name }, rel));
    if (Object.keys(columns).length === Object.keys(g.columns).length && derived.every((d): d is string => !!d)) {
      out.push({ table: g.table, columns, ...(derived.length ? { derived } : {}), ...(g.bound ? { bound: g.bound } : {}), ...(g.through ? { through: g.through } : {}) });
    }
  }
  return out.length ? out : undefined;
}

/** the other relations' columns an ON / USING clause equates to a column of `r` */
function joinPartners(item: Node, r: Rel, scope: Scope): Ref[] {
  const out: Ref[] = [];
  if (Array.isArray(item.using)) {
    for (const u of item.using) {
      const column = String(identText(u)).toLowerCase();
      for (const rel of scope.rels) if (rel !== r) out.push({ rel, column });
    }
  }
  for (const c of conjuncts(item.on)) {
    if (!isEquality(c)) continue;
    const l = columnRef(c.left);
    const rr = columnRef(c.right);
    for (const [a, b] of [[l, rr], [rr, l]]) {
      const other = b && relationOf(b, scope);
      if (a && b && relationOf(a, scope) === r && other && other !== r) out.push({ rel: other, column: b.column });
    }
  }
  return out;
}

/** columns of `r` an ON / USING clause equates to another relation's column or a constant */
export function boundColumns(item: Node, r: Rel, scope: Scope): Set<string> {
  const bound = new Set<string>();
  if (Array.isArray(item.using)) for (const u of item.using) bound.add(String(identText(u)).toLowerCase());
  for (const c of conjuncts(item.on)) {
    if (!isEquality(c)) continue;
    const l = columnRef(c.left);
    const rr = columnRef(c.right);
    const side = (a: typeof l, b: typeof l, other: Node) => {
      if (!a || relationOf(a, scope) !== r) return;
      if (b ? relationOf(b, scope) !== r : isConstant(other)) bound.add(a.column);
    };
    side(l, rr, c.right);
    side(rr, l, c.left);
  }
  return bound;
}

/**
 * GROUP BY over one relation: when the groups hold every column of that relation's key,
 * each group is one of its rows, and the key (smaller than the GROUP BY list when it
 * also lists attributes of the key) is the grain. Decided with the catalog.
 */
function groupedOrigin(sel: Node, from: Node[], rel: Rel, scope: Scope, keys: RowKey[]): RowOrigin | undefined {
  if (from.length !== 1 || scope.rels.length !== 1 || !keys.some((k) => k.detail === 'GROUP BY')) return undefined;
  const driver = scope.rels[0];
  const base = originOf(driver);
  // groups of a union's rows are no one upstream's rows
  if (!base || base.branches) return undefined;
  const groupBy = new Set(keys.find((k) => k.detail === 'GROUP BY')!.columns);
  const columns: Record<string, string> = {};
  for (const c of rel.columns) {
    if (!c.name || !groupBy.has(c.name) || c.via?.rel !== driver) continue;
    const up = upstreamName(base, c.via.column);
    if (up && !hasOwn(columns, up)) columns[up] = c.name;
  }
  const pinned = pinnedColumns(sel.where, scope).filter((f) => f.rel === driver).map((f) => upstreamName(base, f.column)).filter((c): c is string => !!c);
  const fixed = [...new Set([...(base.fixed ?? []), ...pinned])];
  return { table: base.table, columns, all: false, joins: [], grouped: true, ...(fixed.length ? { fixed } : {}) };
}

/** columns a WHERE conjunct equates to a constant or a scalar subquery */
function pinnedColumns(where: Node, scope: Scope): Ref[] {
  const out: Ref[] = [];
  for (const c of conjuncts(where)) {
    if (!isEquality(c)) continue;
    for (const [a, b] of [[c.left, c.right], [c.right, c.left]]) {
      const ref = columnRef(a);
      const rel = ref && relationOf(ref, scope);
      if (ref && rel && (isConstant(b) || !!subquerySelect(b))) out.push({ rel, column: ref.column });
    }
  }
  return out;
}

const isConstant = (x: Node): boolean => x != null && typeof x === 'object' && /string|number|bool/.test(String(x.type));

export function originOf(rel: Rel): RowOrigin | undefined {
  if (rel.kind === 'table' && rel.name) return { table: rel.name, columns: {}, all: true, joins: [] };
  return rel.origin;
}

/** the upstream column a relation's column carries, if it carries one unchanged */
export function upstreamName(origin: RowOrigin, column: string): string | undefined {
  for (const [up, out] of Object.entries(origin.columns)) if (out === column) return up;
  return origin.all && !Object.values(origin.columns).includes(column) ? column : undefined;
}

function outputNameOf(ref: Ref, rel: Rel): string | undefined {
  const col = rel.columns.find((c) => c.name && c.via?.rel === ref.rel && c.via.column === ref.column);
  if (col) return col.name;
  // a physical table's columns kept by `*` keep their names
  if (ref.rel.kind === 'table' && rel.starFrom.includes(ref.rel)) return ref.column;
  return undefined;
}

function projectOrigin(joined: RowOrigin, driver: Rel, sel: Node, rel: Rel, scope: Scope): RowOrigin {
  const base = originOf(driver)!;
  const columns: Record<string, string> = {};
  for (const c of rel.columns) {
    if (!c.name || c.via?.rel !== driver) continue;
    const up = upstreamName(base, c.via.column);
    if (up && !hasOwn(columns, up)) columns[up] = c.name;
  }
  const star = starOver(sel, driver, scope);
  const outputs = rel.columns.filter((c) => c.name && c.via?.rel === driver).map((c): [string, string] => [c.via!.column, c.name!]);
  const branches = projectBranches(base, outputs, star);
  return { table: joined.table, columns, all: base.all && star, joins: joined.joins, ...(branches ? { branches } : {}) };
}

/** a plain `*` or `driver.*` (not `* EXCEPT`) in the select list */
function starOver(sel: Node, driver: Rel, scope: Scope): boolean {
  const items: Node[] = Array.isArray(sel.columns) ? sel.columns : [{ expr: { type: 'column_ref', column: '*' } }];
  return items.some((item) => {
    if (item.type === 'except') return false;
    const ref = columnRef(item.expr ?? item);
    if (ref?.column !== '*') return false;
    return !ref.table || scope.byAlias.get(ref.table) === driver;
  });
}

/**
 * A column computed by hashing other columns (md5(concat(...)), farm_fingerprint,
 * dbt_utils.generate_surrogate_key) is written as a key; it is one for sure when what
 * it hashes holds a key already.
 */
function surrogateKeys(rel: Rel, keys: RowKey[], joinedKeys: { refs: Ref[]; requires?: KeyRequirement[] }[], grouped: string[] | undefined): RowKey[] {
  const out: RowKey[] = [];
  for (const c of rel.columns) {
    // a column copied by `*` was judged in its own select
    if (!c.name || c.via || !isHash(c.expr)) continue;
    const inputs = new Set<string>();
    walk(c.expr, (n) => {
      const r = columnRef(n);
      if (r && r.column !== '*') inputs.add(r.column);
    }, () => undefined);
    if (inputs.size === 0) continue;
    // a GROUP BY select that outputs a hash of grouped columns: the author's key for the groups
    if (grouped && [...inputs].every((x) => grouped.includes(x) && x !== c.name)) {
      out.push({ columns: [c.name], confidence: SURROGATE_CONFIDENCE.grouped, detail: GROUPED_SURROGATE });
      continue;
    }
    // a key that holds only if joined tables turn out unique (requires) does not make the hash sure
    const overKey =
      keys.some((k) => !k.requires?.length && k.columns.every((x) => inputs.has(x))) ||
      joinedKeys.some((k) => !k.requires?.length && k.refs.every((r) => inputs.has(r.column)));
    out.push({
      columns: [c.name],
      confidence: overKey ? SURROGATE_CONFIDENCE.overKey : SURROGATE_CONFIDENCE.alone,
      detail: `surrogate key over ${[...inputs].join(', ')}`,
    });
  }
  return out;
}

export function isHash(expr: Node): boolean {
  // CASE picking between hashes of different columns (dbt-ga4's page_engagement_key) keys nothing
  if (hasAggregate(expr) || expr?.type === 'case') return false;
  let found = false;
  walk(expr, (n) => {
    if (n.over) return;
    if ((n.type === 'function' || n.type === 'aggr_func') && HASH_FUNCTIONS.has((functionName(n) ?? '').split('.').pop()!)) found = true;
  }, () => undefined);
  return found;
}

const rankOf = (k: RowKey) => (k.requires?.length ? 0 : 1) + k.confidence;

/**
 * One entry per column set, the most confident; surrogate keys after the keys they hash. A
 * key that holds a smaller one as sure and as unconditional (a GROUP BY list over a QUALIFY
 * ROW_NUMBER() key) is not the grain: it goes.
 */
function dedupe(keys: RowKey[]): RowKey[] {
  return withoutSupersets(sameSetsOnce(keys));
}

export function withoutSupersets<K extends { columns: string[]; confidence: number; requires?: unknown[] }>(keys: K[]): K[] {
  const holds = (k: K) => !k.requires?.length;
  return keys.filter((k) => !keys.some((o) => o !== k && holds(o) && o.confidence >= k.confidence && o.columns.length < k.columns.length && o.columns.every((c) => k.columns.includes(c))));
}

function sameSetsOnce(keys: RowKey[]): RowKey[] {
  const out: RowKey[] = [];
  for (const k of keys) {
    const set = [...new Set(k.columns)];
    const same = out.findIndex((o) => o.columns.length === set.length && set.every((c) => o.columns.includes(c)));
    if (same < 0) out.push({ ...k, columns: set });
    // a key that holds outright wins over the same key on a condition (requires), then the surer one
    else if (rankOf(k) > rankOf(out[same])) out[same] = { ...k, columns: set };
  }
  return out;
}
