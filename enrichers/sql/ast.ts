/**
 * Readers for node-sql-parser's AST. Its shapes differ between grammars (a column is
 * `"a"` in one and `{expr:{value:"a"}}` in another; three-part names put parts in
 * `db`/`schema`/`catalog` differently), so every read goes through these helpers.
 */
import type { Node } from './parse.js';
import { normalizeName } from '../names.js';

/** the text of an identifier node: a string, `{value}`, `{expr:{value}}` */
export function identText(x: Node): string | undefined {
  if (x == null) return undefined;
  if (typeof x === 'string') return x;
  if (typeof x.value === 'string') return x.value;
  if (x.expr) return identText(x.expr);
  return undefined;
}

/** a WITH item's name, lower-cased; some grammars hand a quoted one over as a column_ref */
export function cteName(cte: Node): string | undefined {
  return (identText(cte?.name) ?? columnRef(cte?.name)?.column)?.toLowerCase();
}

export function isColumnRef(x: Node): boolean {
  return x != null && typeof x === 'object' && x.type === 'column_ref';
}

/** `{table, column}` of a column_ref, lower-cased; column `*` for stars */
export function columnRef(x: Node): { table?: string; column: string } | undefined {
  if (!isColumnRef(x)) return undefined;
  const column = identText(x.column);
  if (column === undefined) return undefined;
  const table = typeof x.table === 'string' && x.table.length > 0 ? x.table.toLowerCase() : undefined;
  return { table, column: column.toLowerCase() };
}

/** the select node a subquery item wraps, if it wraps one */
export function subquerySelect(x: Node): Node | undefined {
  if (x == null || typeof x !== 'object') return undefined;
  if (x.type === 'select') return x;
  if (x.ast && typeof x.ast === 'object' && x.ast.type === 'select') return x.ast;
  return undefined;
}

/** physical table name of a FROM/JOIN item, normalized; undefined for subqueries, UNNEST, functions */
export function fromItemTable(item: Node): string | undefined {
  if (item == null || typeof item.table !== 'string' || item.expr || item.type === 'unnest') return undefined;
  const parts: string[] = [];
  if (typeof item.schema === 'string' && item.schema) {
    const catalog = item.catalog ?? item.db;
    if (typeof catalog === 'string' && catalog) parts.push(catalog);
    parts.push(item.schema);
  } else if (typeof item.db === 'string' && item.db) parts.push(item.db);
  parts.push(item.table);
  // a backticked `proj.ds.tbl` arrives as one part holding dots: splitting on dots is right there too
  return normalizeName(parts.map((p) => p.replace(/"/g, '')).join('.'));
}

/** lower-cased name of a function or window function call */
export function functionName(x: Node): string | undefined {
  if (x == null) return undefined;
  if (typeof x.name === 'string') return x.name.toLowerCase();
  const parts = Array.isArray(x.name?.name) ? x.name.name.map(identText).filter(Boolean) : [];
  if (parts.length > 0) return parts.join('.').toLowerCase();
  return identText(x.name?.schema)?.toLowerCase();
}

/** PARTITION BY expressions of an OVER clause, if the node is a window call */
export function partitionBy(x: Node): Node[] | undefined {
  const spec = x?.over?.as_window_specification?.window_specification ?? x?.over?.window_specification;
  const parts = spec?.partitionby;
  if (!Array.isArray(parts)) return undefined;
  return parts.map((p: Node) => (p && p.type === 'expr' && p.expr ? p.expr : (p?.expr ?? p)));
}

/** the conjuncts of an AND chain */
export function conjuncts(x: Node): Node[] {
  if (x == null) return [];
  if (x.type === 'binary_expr' && String(x.operator).toUpperCase() === 'AND') {
    return [...conjuncts(x.left), ...conjuncts(x.right)];
  }
  if (x.parentheses && x.type === 'binary_expr') return [x];
  return [x];
}

export function isEquality(x: Node): boolean {
  return x?.type === 'binary_expr' && x.operator === '=';
}

/** GROUP BY expressions across grammars (`groupby: [..]` or `groupby: {columns: [..]}`) */
export function groupByExprs(sel: Node): Node[] | undefined {
  const g = sel?.groupby;
  if (!g) return undefined;
  const list = Array.isArray(g) ? g : g.columns;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list;
}

export function isDistinct(sel: Node): boolean {
  const d = sel?.distinct;
  const t = typeof d === 'string' ? d : d?.type;
  return typeof t === 'string' && t.toUpperCase() === 'DISTINCT';
}

/**
 * Visits every node below `x`, not descending into nested SELECTs: those are
 * handed to `onSelect` so the caller can analyze them in their own scope.
 */
export function walk(x: Node, onNode: (n: Node) => void, onSelect: (sel: Node) => void): void {
  if (x == null || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const e of x) walk(e, onNode, onSelect);
    return;
  }
  const sel = subquerySelect(x);
  if (sel) {
    onSelect(sel);
    return;
  }
  onNode(x);
  for (const k in x) {
    if (k === 'loc') continue;
    const v = x[k];
    if (v && typeof v === 'object') walk(v, onNode, onSelect);
  }
}

/** a numeric literal's value */
export function numberValue(x: Node): number | undefined {
  if (x?.type === 'number' && typeof x.value === 'number') return x.value;
  if (x?.type === 'number' && typeof x.value === 'string' && /^\d+$/.test(x.value)) return Number(x.value);
  return undefined;
}

/** Aggregates some grammars parse as plain functions rather than `aggr_func`. */
const AGGREGATE_FUNCTIONS = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'any_value', 'array_agg', 'string_agg', 'listagg', 'group_concat', 'collect_list', 'collect_set',
  'approx_count_distinct', 'count_if', 'countif', 'median', 'stddev', 'variance', 'bool_and', 'bool_or', 'logical_and', 'logical_or', 'max_by', 'min_by',
]);

/** an expression that aggregates rows (a windowed aggregate does not) */
export function hasAggregate(x: Node): boolean {
  let found = false;
  walk(
    x,
    (n) => {
      if (n.over) return;
      if (n.type === 'aggr_func' || (n.type === 'function' && AGGREGATE_FUNCTIONS.has(functionName(n) ?? ''))) found = true;
    },
    () => undefined,
  );
  return found;
}

/** an expression that reads at least one column (a literal does not) */
export function readsColumn(x: Node): boolean {
  let found = false;
  walk(x, (n) => {
    if (n.type === 'column_ref') found = true;
  }, () => undefined);
  return found;
}
