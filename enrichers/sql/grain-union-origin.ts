/**
 * Where a UNION's rows come from, when each branch passes one upstream's rows (`select *
 * from a union all select * from b`, what dbt_utils.union_relations writes). The keys of
 * those upstreams are not known while a file is read, so the union records each branch's
 * origin; the catalog pass (enrichers/catalog/grain-carry-union.ts) gives the union the
 * key every branch turns out to share. The branches' columns are matched to the union's
 * by position, as the set operation matches them; a branch that brings its columns in
 * through `*` is matched by name, as union_relations aligns them.
 */
import type { Rel } from './scope.js';
import { originOf, upstreamName, type RowOrigin } from './row-keys.js';

type Branch = Omit<RowOrigin, 'branches'>;

/** the union's origin: a `branches` list, with nothing mapped at the top so single-origin readers carry nothing */
export function unionOrigin(branches: Rel[]): RowOrigin | undefined {
  if (branches.length < 2) return undefined;
  const names = branches[0].columns.map((c) => c.name);
  const out: Branch[] = [];
  for (const b of branches) {
    const o = originOf(b);
    // a branch of branches (a union of unions) or a GROUP BY branch: its rows are not one upstream's rows
    if (!o || o.branches || o.grouped) return undefined;
    const star = b.starFrom.length > 0;
    if (star && !(o.all && b.columns.length === 0 && branches.every((x) => x.starFrom.length > 0))) return undefined;
    if (!star && b.columns.length !== names.length) return undefined;
    const columns: Record<string, string> = {};
    if (!star) {
      b.columns.forEach((c, i) => {
        const up = c.name && upstreamName(o, c.name);
        const as = names[i];
        if (up && as && !Object.prototype.hasOwnProperty.call(columns, up)) columns[up] = as;
      });
    }
    out.push({ table: o.table, columns, all: star, joins: o.joins, ...(o.fixed ? { fixed: o.fixed } : {}) });
  }
  return { table: out[0].table, columns: {}, all: false, joins: [], branches: out };
}

/**
 * Each branch seen through a select over the union: `outputs` are the select's columns that
 * pass a union column unchanged (union column -> name here); `star` when a `*` passes the rest.
 */
export function projectBranches(base: RowOrigin, outputs: [string, string][], star: boolean): Branch[] | undefined {
  if (!base.branches) return undefined;
  return base.branches.map((b) => {
    const columns: Record<string, string> = {};
    for (const [unionColumn, name] of outputs) {
      const up = upstreamName(b, unionColumn);
      if (up && !Object.prototype.hasOwnProperty.call(columns, up)) columns[up] = name;
    }
    return { ...b, columns, all: b.all && star };
  });
}
