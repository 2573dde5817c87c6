/**
 * Join keys read from JOIN ... ON (and WHERE, for comma joins): equalities between
 * columns of two relations, each side resolved to the physical columns whose values it
 * compares. Beyond a plain column reference, a side may be
 *
 * - a column under a function that keeps its values, only normalised (`cast(x as
 *   varchar)`, `x::text`, `upper(x)`, `trim(x)`, `replace(x, '.', '')`): the join still
 *   matches x's codes to the other side's. Not `coalesce(x, '') = coalesce(y, '')`: a
 *   null-safe comparison is how a slowly changing dimension detects a changed attribute;
 * - a column of a UNION whose every branch passes one physical column (an unpivot:
 *   `diagnosis_poa_1 as code union all diagnosis_poa_2 as code ...` joined to a lookup on
 *   code): each of those columns is joined to the other side, one key each. A union side
 *   is read only when it is the one equality between the two relations, since the
 *   columns of a composite key could not be paired branch by branch.
 */
import type { Node } from './parse.js';
import type { PhysicalColumn, RawJoin } from './scope.js';
import { columnRef, conjuncts, functionName, isEquality } from './ast.js';

type Ref = { table?: string; column: string };

/** what a column reference in the ON clause stands for */
export interface JoinSide {
  /** the physical column it passes unchanged */
  pass?: PhysicalColumn;
  /** for a union's column: the physical column each branch passes, when every branch passes one */
  branches?: PhysicalColumn[];
}

/** functions whose result is their one column argument's value, normalised (the other arguments constants) */
const VALUE_KEEPING = new Set([
  'trim', 'ltrim', 'rtrim', 'btrim', 'upper', 'lower', 'ucase', 'lcase', 'replace',
]);
const CONSTANT = new Set(['single_quote_string', 'double_quote_string', 'string', 'number', 'bool', 'null', 'backticks_quote_string', 'natural_string']);

/** the one column a join side compares, seen through casts and value-keeping functions */
export function joinedColumn(x: Node): Ref | undefined {
  const ref = columnRef(x);
  if (ref) return ref;
  if (x?.type === 'cast') return joinedColumn(x.expr);
  if (x?.type !== 'function' || x.over) return undefined;
  const name = functionName(x)?.split('.').pop();
  if (!name || !VALUE_KEEPING.has(name)) return undefined;
  const args: Node[] = Array.isArray(x.args?.value) ? x.args.value : x.args ? [x.args] : [];
  const columns = args.filter((a) => !CONSTANT.has(a?.type));
  if (columns.length !== 1 || columns[0] !== args[0]) return undefined;
  return joinedColumn(columns[0]);
}

/** the physical column every branch of a set operation passes at one position, or undefined when one branch computes it */
export function branchPasses(branches: { columns: { pass?: PhysicalColumn }[] }[], i: number): PhysicalColumn[] | undefined {
  const out = new Map<string, PhysicalColumn>();
  for (const b of branches) {
    const p = b.columns[i]?.pass;
    if (!p) return undefined;
    out.set(`${p.table}.${p.column}`, p);
  }
  return [...out.values()];
}

/** what a join read from a piece of a composite key says of itself (see collectJoins) */
export const PARTIAL_JOIN = 'part of a join on several tables';

/**
 * Equalities between columns of two different relations, grouped per pair of aliases so
 * that `a.x = b.x AND a.y = b.y` is one join with matching column lists. When one ON clause
 * compares the joined relation with several others (`payment.order_id = f_order.order_id
 * and payment.platform_fk = enrollment.platform_fk`), each pair holds only part of the
 * key: marked partial (a WHERE of comma joins states separate joins).
 */
export function collectJoins(cond: Node, resolve: (ref: Ref) => JoinSide, clause: 'on' | 'where'): RawJoin[] {
  const pairs = new Map<string, RawJoin>();
  const equalities = new Map<string, number>();
  const unions: { pair: string; left: PhysicalColumn[]; right: PhysicalColumn[] }[] = [];
  for (const c of conjuncts(cond)) {
    if (!isEquality(c)) continue;
    const l = joinedColumn(c.left);
    const r = joinedColumn(c.right);
    if (!l || !r) continue;
    const ls = resolve(l);
    const rs = resolve(r);
    const lrel = l.table ?? '';
    const rrel = r.table ?? '';
    const pair = [lrel, rrel].sort().join('|');
    equalities.set(pair, (equalities.get(pair) ?? 0) + 1);
    const lp = ls.pass;
    const rp = rs.pass;
    if (!lp || !rp) {
      const left = lp ? [lp] : ls.branches;
      const right = rp ? [rp] : rs.branches;
      // one side a union's column, the other a column: each branch's column joins it
      if (left && right && (left.length === 1 || right.length === 1)) unions.push({ pair, left, right });
      continue;
    }
    if (lrel === rrel && lp.table === rp.table) continue;
    const fwd = `${lrel}|${rrel}`;
    const back = `${rrel}|${lrel}`;
    if (pairs.has(back)) {
      pairs.get(back)!.left.push(rp);
      pairs.get(back)!.right.push(lp);
    } else {
      const j = pairs.get(fwd) ?? { left: [], right: [] };
      j.left.push(lp);
      j.right.push(rp);
      pairs.set(fwd, j);
    }
  }
  const out = [...pairs.values()];
  if (clause === 'on' && out.length > 1) for (const j of out) j.partial = true;
  for (const u of unions) {
    if (equalities.get(u.pair) !== 1) continue;
    for (const a of u.left) for (const b of u.right) if (a.table !== b.table) out.push({ left: [a], right: [b] });
  }
  return out;
}
