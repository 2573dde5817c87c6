/**
 * `select c_acctbal, ... from ro left join customer c ... group by c.c_acctbal`: a select-list
 * column that names no table, in a query over several relations whose columns are not all
 * known, cannot be placed by its name. Under a GROUP BY it must be a grouped expression (it
 * aggregates nothing), so when exactly one grouped expression is a qualified reference to a
 * column of that name, it is that one, and passes that relation's column like a qualified one.
 */
import type { Node } from './parse.js';
import { columnRef, groupByExprs } from './ast.js';
import { relationOf, sourceOf, type Rel, type Scope } from './scope.js';

/** places, in `rel.columns`, the unqualified grouped columns the GROUP BY list qualifies */
export function placeGroupedUnqualified(sel: Node, rel: Rel, scope: Scope): void {
  const group = groupByExprs(sel);
  if (!group || scope.rels.length < 2) return;
  const qualified = group.map(columnRef).filter((r): r is NonNullable<typeof r> => !!r?.table && r.column !== '*');
  for (const c of rel.columns) {
    const ref = columnRef(c.expr);
    if (!ref || ref.table || c.via || c.src || c.dep) continue;
    const named = qualified.filter((q) => q.column === ref.column);
    const from = named.length === 1 ? relationOf(named[0], scope) : undefined;
    if (!from) continue;
    c.via = { rel: from, column: ref.column };
    const src = sourceOf(from, ref.column, scope);
    if (src) c.src = src;
  }
}
