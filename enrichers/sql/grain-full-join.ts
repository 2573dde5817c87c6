/**
 * The key of relations merged on their common key: `a FULL OUTER JOIN b ON a.k = b.k`
 * (every join binding the same key columns, later joins on `coalesce(a.k, b.k)`), with
 * the key output as `coalesce(a.k, b.k, ...)` over every side. Each output row is one
 * key value found on any side, provided each side holds at most one row per key value:
 * a side whose key is known here is checked here; for one read from a table the
 * requirement goes to the catalog (row-keys.ts `requires`, grain-propagation.ts).
 * Reports built as per-metric aggregates merged on (date, app, dimension) have this shape.
 */
import type { Node } from './parse.js';
import { columnRef, conjuncts, functionName, identText, isEquality, walk } from './ast.js';
import { relationOf, type Rel, type Scope } from './scope.js';
import { originOf, upstreamName, type KeyRequirement, type RowKey } from './row-keys.js';

/** merging is an inference over the sides' keys: never surer than carrying one */
const MERGE_CAP = 0.8;
export const FULL_JOIN_DETAIL = 'FULL OUTER JOIN of relations on their common key';
const COALESCE = new Set(['coalesce', 'ifnull', 'nvl', 'isnull']);

interface Ref {
  rel: Rel;
  column: string;
}

const same = (a: Ref, b: Ref) => a.rel === b.rel && a.column === b.column;

export function fullJoinKeys(from: Node[], rel: Rel, scope: Scope): RowKey[] {
  const rels = scope.rels;
  if (from.length < 2 || rels.length !== from.length) return [];
  if (!from.slice(1).every((item) => /^FULL( OUTER)? JOIN$/i.test(String(item.join ?? '').replace(/\s+/g, ' ')))) return [];
  // one slot per key column, holding that column of each side
  const slots: Ref[][] = [];
  for (let i = 1; i < from.length; i++) {
    const r = rels[i];
    if (r.kind === 'opaque') return [];
    const pairs = joinPairs(from[i], r, rels.slice(0, i), scope);
    if (!pairs?.length) return [];
    for (const [mine, others] of pairs) {
      const slot = i === 1 ? undefined : slots.find((s) => s.some((x) => others.some((o) => same(o, x))));
      if (i === 1) slots.push([...others, mine]);
      else if (!slot) return [];
      else slot.push(mine);
    }
    // every join binds the whole key, each column once
    if (pairs.length !== slots.length || new Set(pairs.map(([m]) => m.column)).size !== pairs.length) return [];
  }
  const names: string[] = [];
  for (const slot of slots) {
    const name = mergedOutput(slot, rels, rel, scope);
    if (!name) return [];
    names.push(name);
  }
  let confidence = MERGE_CAP;
  const requires: KeyRequirement[] = [];
  for (const side of rels) {
    const bound = slots.map((s) => s.find((x) => x.rel === side)?.column);
    if (!bound.every((c): c is string => !!c)) return [];
    const known = side.keys?.find((k) => !k.requires?.length && k.columns.every((c) => bound.includes(c)));
    if (known) {
      confidence = Math.min(confidence, known.confidence);
      continue;
    }
    const origin = originOf(side);
    const ups = origin && bound.map((c) => upstreamName(origin, c));
    if (!origin || !ups?.every((c): c is string => !!c)) return [];
    requires.push({ table: origin.table, columns: ups, sameGrain: true }, ...origin.joins);
  }
  return [{ columns: names, confidence, detail: FULL_JOIN_DETAIL, ...(requires.length ? { requires } : {}) }];
}

/** each equality of the ON clause: the column of `r` it binds, and the earlier relations' columns it equates it to */
function joinPairs(item: Node, r: Rel, earlier: Rel[], scope: Scope): [Ref, Ref[]][] | undefined {
  if (Array.isArray(item.using)) {
    return item.using.map((u: Node) => {
      const column = String(identText(u)).toLowerCase();
      return [{ rel: r, column }, earlier.map((rel) => ({ rel, column }))] as [Ref, Ref[]];
    });
  }
  const out: [Ref, Ref[]][] = [];
  for (const c of conjuncts(item.on)) {
    // a condition other than key equality: not a plain merge on a key
    if (!isEquality(c)) return undefined;
    // `coalesce(a.device, 'none') = coalesce(b.device, 'none')` is the null-safe spelling of a.device = b.device
    const left = refsOf(c.left, scope);
    const right = refsOf(c.right, scope);
    const isMine = (refs: Ref[]) => refs.length === 1 && refs[0].rel === r;
    const [mine, others] = isMine(left) ? [left[0], right] : isMine(right) ? [right[0], left] : [undefined, []];
    if (!mine || !others.length || !others.every((o) => earlier.includes(o.rel))) return undefined;
    out.push([mine, others]);
  }
  return out;
}

/** the columns a plain reference or a coalesce(...) of references reads */
function refsOf(expr: Node, scope: Scope): Ref[] {
  const one = columnRef(expr);
  if (one) {
    const rel = relationOf(one, scope);
    return rel ? [{ rel, column: one.column }] : [];
  }
  if (!COALESCE.has(functionName(expr) ?? '')) return [];
  const out: Ref[] = [];
  walk(expr, (n) => {
    const r = columnRef(n);
    const rel = r && relationOf(r, scope);
    if (r && rel) out.push({ rel, column: r.column });
  }, () => undefined);
  return out;
}

/** the output column that is the slot's value on every row: a coalesce over every side's column */
function mergedOutput(slot: Ref[], sides: Rel[], rel: Rel, scope: Scope): string | undefined {
  for (const c of rel.columns) {
    if (!c.name) continue;
    const refs = refsOf(c.expr, scope);
    const direct = columnRef(c.expr);
    // a bare `k` under USING is the merged column; a qualified one is one side's, null where that side has no row
    if (direct && !direct.table && slot.every((x) => x.column === direct.column) && sides.length > 1 && !relationOf(direct, scope)) return c.name;
    if (!direct && sides.every((side) => refs.some((r) => slot.some((x) => same(x, r) && x.rel === side)))) return c.name;
  }
  return undefined;
}
