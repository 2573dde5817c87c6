/**
 * A GROUP BY (or DISTINCT) over joined relations often lists a joined table's attributes
 * next to the driver's column it is joined on (`group by stats.account_id, accounts.name
 * ... left join accounts on stats.account_id = accounts.account_id`). The joined table's
 * key is then not in the list by its own reference, yet each group fixes it: the ON
 * clause equates it to a grouped column. Recording those columns in the joined instance's
 * group lets the catalog (grain-propagation.ts) see that the group holds the joined
 * table's key, so its attributes depend on it and drop out of the grain.
 */
import type { Node } from './parse.js';
import { columnRef, conjuncts, hasAggregate, isEquality, walk } from './ast.js';
import { relationOf, sourceOf, type OutColumn, type Rel, type Scope } from './scope.js';
import { boundColumns } from './row-keys.js';
import { joinedColumn } from './joins-on.js';

/** a table instance's column that each group fixes, and the grouped output column that fixes it */
export interface BoundByGroup {
  src: NonNullable<OutColumn['src']>;
  /** the output name of the column it is equated to; none when that column is not output */
  name?: string;
  /** the instance is the relation this ON clause joins (not one joined before it), and no measure reads it */
  joined: boolean;
  /** the column it is equated to, as a table instance's column */
  other?: NonNullable<OutColumn['src']>;
}

/** marks a group column fixed through another joined table (`through`), not by an output column */
export const THROUGH = '@';

/** columns of joined instances that an ON equality ties to an output column of the select */
export function joinBoundColumns(sel: Node, from: Node[], rel: Rel, scope: Scope): BoundByGroup[] {
  const out: BoundByGroup[] = [];
  const measured = aggregatedRelations(sel, scope);
  for (let i = 1; i < from.length; i++) {
    const type = String(from[i].join ?? '').toUpperCase().replace(/\s+/g, ' ');
    // a FULL join's unmatched rows carry nulls on either side: the equality fixes nothing there
    if (!/^(LEFT (OUTER )?|INNER )?JOIN$/.test(type)) continue;
    // a joined relation whose keys are known here, none of them bound, repeats per bound value
    const r = scope.rels[i];
    const bound = boundColumns(from[i], r, scope);
    const repeats = (r.keys ?? []).some((k) => !k.requires?.length) && !(r.keys ?? []).some((k) => !k.requires?.length && k.columns.every((c) => bound.has(c)));
    for (const c of conjuncts(from[i].on)) {
      if (!isEquality(c)) continue;
      // `a.campaign_id::string = c.campaign_id::string` still ties the two columns' values
      const a = joinedColumn(c.left);
      const b = joinedColumn(c.right);
      if (!a || !b) continue;
      for (const [x, y] of [[a, b], [b, a]]) {
        const xr = relationOf(x, scope);
        const yr = relationOf(y, scope);
        if (!xr || !yr || xr === yr) continue;
        const src = sourceOf(xr, x.column, scope);
        const name = outputOf(rel, yr, y.column);
        // a lookup: the select aggregates other relations' columns, none of its own
        const lookup = xr === r && !repeats && !measured.has(xr) && [...measured].some((m) => m !== xr);
        const other = sourceOf(yr, y.column, scope);
        if (src) out.push({ src, name, joined: lookup, ...(other ? { other } : {}) });
      }
    }
  }
  return out;
}

function outputOf(rel: Rel, from: Rel, column: string): string | undefined {
  return rel.columns.find((c) => c.name && c.via?.rel === from && c.via.column === column)?.name;
}

/** the FROM relations whose columns the select list's aggregates read */
function aggregatedRelations(sel: Node, scope: Scope): Set<Rel> {
  const out = new Set<Rel>();
  for (const item of Array.isArray(sel.columns) ? sel.columns : []) {
    const expr = item?.expr ?? item;
    if (!hasAggregate(expr)) continue;
    walk(expr, (n) => {
      const r = columnRef(n);
      const at = r && r.column !== '*' ? relationOf(r, scope) : undefined;
      if (at) out.add(at);
    }, () => undefined);
  }
  return out;
}
