/**
 * Name resolution over a parsed query: which relation an alias or CTE name stands
 * for, and which physical `table.column` an output column comes from. Lineage,
 * joins, grain and query shapes are all read through this one model.
 */
import type { Node } from './parse.js';
import { computeRowKeys, renameRowKeys, type RowKey, type RowOrigin } from './row-keys.js';
import { unionKeys } from './union-keys.js';
import { unionOrigin } from './grain-union-origin.js';
import { branchPasses, collectJoins } from './joins-on.js';
import { markPartitionConstants } from './grain-window-constant.js';
import {
  columnRef,
  fromItemTable,
  functionName,
  hasAggregate,
  cteName,
  identText,
  isColumnRef,
  partitionBy,
  subquerySelect,
  walk,
} from './ast.js';

export interface PhysicalColumn {
  table: string;
  column: string;
}

export interface OutColumn {
  /** lower-cased output name; undefined for an unnamed expression */
  name?: string;
  /** physical `table.column` names the value is computed from */
  lineage: string[];
  /** set when the column is a plain reference to one physical column */
  pass?: PhysicalColumn;
  /** a set operation's column: the physical column each branch passes, when each passes one (joins-on.ts) */
  branches?: PhysicalColumn[];
  /** for ROW_NUMBER() OVER (PARTITION BY ...): the partition keys as output names of this relation */
  rowNumberPartition?: string[];
  /** a value the same on every row of a window partition: the partition columns, as output names (grain-window-constant.ts) */
  fixedBy?: string[];
  /** the FROM relation and column this output passes unchanged (grain carrying, see row-keys.ts) */
  via?: { rel: Rel; column: string };
  /**
   * the physical table column this output passes unchanged, and which reference to that
   * table it reads (`inst`, unique per FROM item along the path): two aliases of one
   * table, or of one CTE, are different instances (GROUP BY dependencies, row-keys.ts)
   */
  src?: { table: string; column: string; inst: string };
  /** an expression over one table instance's columns only (no aggregate, window or subquery): it depends on them */
  dep?: { table: string; inst: string };
  expr: Node;
}

export interface Rel {
  kind: 'table' | 'derived' | 'opaque';
  /** physical name, for kind 'table' */
  name?: string;
  columns: OutColumn[];
  /** relations whose columns a `*` brought in without our knowing them */
  starFrom: Rel[];
  /** a set operation: no single select feeds it */
  union?: boolean;
  /** unique keys of this relation, in its output names (row-keys.ts) */
  keys?: RowKey[];
  /** when its rows are one physical table's rows, not fanned out: that table (row-keys.ts) */
  origin?: RowOrigin;
  /** a SELECT without FROM: exactly one row */
  oneRow?: boolean;
}

export interface RawJoin {
  left: PhysicalColumn[];
  right: PhysicalColumn[];
  /** one of several relations an ON clause compares the joined one with: part of a composite key (joins-on.ts) */
  partial?: boolean;
}

/** Collected while walking one statement. */
export interface QueryContext {
  sources: Set<string>;
  joins: RawJoin[];
  /** when set, every resolvable column reference is recorded (query-log usage) */
  usage?: { columns: PhysicalColumn[]; filters: PhysicalColumn[] };
}

export type Env = Map<string, Rel>;

export interface Scope {
  /** alias (and bare table name) -> relation, lower-cased */
  byAlias: Map<string, Rel>;
  rels: Rel[];
  /** an id per FROM item's relation; a relation read twice in one FROM has none (ambiguous) */
  ids?: Map<Rel, string | undefined>;
}

let fromItems = 0;

export function newContext(): QueryContext {
  return { sources: new Set(), joins: [] };
}

/** Analyzes a query (WITH, set operations, nested subqueries) into the relation it produces. */
export function analyzeQuery(ast: Node, env: Env, ctx: QueryContext): Rel {
  return analyzeTopQuery(ast, env, ctx).rel;
}

/** Like analyzeQuery, also returning the outermost SELECT and its scope (for grain rules). */
export function analyzeTopQuery(ast: Node, env: Env, ctx: QueryContext): { rel: Rel; sel: Node; scope: Scope } {
  const sel = subquerySelect(ast) ?? ast;
  let inner = env;
  if (Array.isArray(sel.with) && sel.with.length > 0) {
    inner = new Map(env);
    for (const cte of sel.with) {
      const name = cteName(cte);
      const body = subquerySelect(cte.stmt);
      if (!name || !body) continue;
      // registered before its body so a recursive CTE's self-reference is not a table; in a plain
      // CTE the name means the table outside (dbt's `with orders as (select * from {{ ref('orders') }})`)
      if (cte.recursive || body._next) inner.set(name, { kind: 'derived', columns: [], starFrom: [] });
      const rel = analyzeQuery(body, inner, ctx);
      renameColumns(rel, Array.isArray(cte.columns) ? cte.columns.map((c: Node) => identText(c)) : []);
      inner.set(name, rel);
    }
  }
  const top = analyzeSelect(sel, inner, ctx);
  const first = top.rel;
  if (!sel._next) return { rel: first, sel, scope: top.scope };
  // set operation: columns by position, lineage unioned over the branches
  const out: Rel = { kind: 'derived', columns: first.columns.map((c) => ({ ...c, pass: undefined })), starFrom: [...first.starFrom], union: true };
  const branches = [first];
  for (let b = sel._next; b; b = b._next) {
    const rel = analyzeSelect(b, inner, ctx).rel;
    branches.push(rel);
    rel.columns.forEach((c, i) => {
      const o = out.columns[i];
      if (o) o.lineage = [...new Set([...o.lineage, ...c.lineage])];
    });
    out.starFrom.push(...rel.starFrom);
  }
  out.columns.forEach((c, i) => (c.branches = branchPasses(branches, i)));
  const keys = unionKeys(branches);
  if (keys.length) out.keys = keys;
  // each branch one upstream's rows: the catalog finds the key they share (grain-union-origin.ts)
  const origin = unionOrigin(branches);
  if (origin) out.origin = origin;
  return { rel: out, sel, scope: top.scope };
}

/** One SELECT core: FROM scope, joins, output columns. Returns the scope for grain rules. */
export function analyzeSelect(sel: Node, env: Env, ctx: QueryContext): { rel: Rel; scope: Scope } {
  const scope: Scope = { byAlias: new Map(), rels: [] };
  const from: Node[] = Array.isArray(sel.from) ? sel.from : sel.from ? [sel.from] : [];
  for (const item of from) {
    addFromItem(item, scope, env, ctx);
    if (item.on) ctx.joins.push(...collectJoins(item.on, (r) => resolveColumn(r, scope), 'on'));
    if (Array.isArray(item.using)) usingJoin(item, scope, ctx);
  }
  const onSub = (s: Node) => analyzeQuery(s, env, ctx);
  // comma joins state their keys in WHERE
  if (from.length > 1 && sel.where) ctx.joins.push(...collectJoins(sel.where, (r) => resolveColumn(r, scope), 'where'));
  for (const part of ['where', 'having', 'qualify', 'groupby', 'orderby']) {
    if (sel[part]) walk(sel[part], (n) => recordUsage(n, scope, ctx, part === 'where' || part === 'having' || part === 'qualify'), onSub);
  }
  const rel: Rel = { kind: 'derived', columns: [], starFrom: [], ...(from.length === 0 ? { oneRow: true } : {}) };
  const columns: Node[] = Array.isArray(sel.columns) ? sel.columns : [{ expr: { type: 'column_ref', table: null, column: '*' } }];
  for (const item of columns) addOutput(item, rel, scope, env, ctx);
  for (const c of rel.columns) {
    const part = partitionBy(c.expr);
    if (part && functionName(c.expr) === 'row_number') c.rowNumberPartition = outputNames(part, rel, scope);
  }
  markPartitionConstants(sel, rel, scope);
  computeRowKeys(sel, from, rel, scope);
  return { rel, scope };
}

function addFromItem(item: Node, scope: Scope, env: Env, ctx: QueryContext): void {
  const alias = typeof item.as === 'string' ? item.as.toLowerCase() : identText(item.as)?.toLowerCase();
  const sub = subquerySelect(item.expr);
  let rel: Rel;
  let keys: string[] = [];
  if (sub) {
    rel = analyzeQuery(sub, env, ctx);
  } else {
    const table = fromItemTable(item);
    if (table && !table.includes('.') && env.has(table)) {
      rel = env.get(table)!;
      keys = [table];
    } else if (table) {
      ctx.sources.add(table);
      rel = { kind: 'table', name: table, columns: [], starFrom: [] };
      keys = [table, table.split('.').pop()!];
    } else {
      // UNNEST, FLATTEN, table functions, VALUES: not tables, though their arguments may hold subqueries
      rel = { kind: 'opaque', columns: [], starFrom: [] };
      walk(item.expr, () => {}, (s) => analyzeQuery(s, env, ctx));
    }
  }
  if (alias) keys = [alias];
  for (const k of keys) scope.byAlias.set(k, rel);
  scope.ids ??= new Map();
  scope.ids.set(rel, scope.ids.has(rel) ? undefined : `f${++fromItems}`);
  scope.rels.push(rel);
}

function addOutput(item: Node, rel: Rel, scope: Scope, env: Env, ctx: QueryContext): void {
  const expr = item.expr ?? item;
  const ref = columnRef(expr);
  if (ref?.column === '*' || item.type === 'except') {
    const except = new Set<string>(
      (item.expr_list ?? []).map((e: Node) => columnRef(e.expr ?? e)?.column).filter(Boolean),
    );
    const star = item.type === 'except' ? columnRef(item.expr) : ref;
    const targets = star?.table ? [scope.byAlias.get(star.table)].filter((r): r is Rel => !!r) : scope.rels;
    for (const t of targets) {
      if (t.kind === 'table') {
        rel.starFrom.push(t);
        ctx.usage?.columns.push({ table: t.name!, column: '*' });
      } else {
        for (const c of t.columns) {
          if (c.name && !except.has(c.name)) {
            rel.columns.push({ ...c, expr: c.expr, via: { rel: t, column: c.name }, src: sourceOf(t, c.name, scope), dep: dependencyOf(t, c.name, scope) });
          }
        }
        rel.starFrom.push(...t.starFrom);
      }
    }
    return;
  }
  // the Redshift grammar puts a cast's alias inside the cast node
  const alias = item.as ?? (expr.type === 'cast' ? expr.as : undefined);
  const name = (typeof alias === 'string' ? alias : identText(alias))?.toLowerCase() ?? ref?.column;
  const lineage = new Set<string>();
  let refs = 0;
  let pass: PhysicalColumn | undefined;
  walk(
    expr,
    (n) => {
      const r = columnRef(n);
      if (!r) return;
      refs++;
      const res = resolveColumn(r, scope);
      for (const l of res.lineage) lineage.add(l);
      pass = res.pass;
      if (res.pass) ctx.usage?.columns.push(res.pass);
    },
    (s) => analyzeQuery(s, env, ctx),
  );
  // a column cast to text keeps telling rows apart: for keys it passes the column on (not for lineage's `pass`)
  const kept = ref ?? columnRef(textCastOf(expr)) ?? columnRef(sentinelOf(expr));
  const from = kept && refs === 1 ? relationOf(kept, scope) : undefined;
  const src = from && kept ? sourceOf(from, kept.column, scope) : undefined;
  const dep = src ? undefined : kept ? from && dependencyOf(from, kept.column, scope) : dependency(expr, scope);
  rel.columns.push({ name, lineage: [...lineage], pass: isColumnRef(expr) && refs === 1 ? pass : undefined, via: from && { rel: from, column: kept!.column }, src, ...(dep ? { dep } : {}), expr });
}

const TEXT_TYPES = /^(n?varchar|string|text|n?char|character( varying)?|nvarchar2|varchar2)$/i;

/**
 * `cast(x as varchar)`: x, since distinct values stay distinct as text (dbt projects cast
 * every key with dbt.type_string()). Casts to dates or numbers may merge values.
 */
function textCastOf(expr: Node): Node | undefined {
  if (expr?.type !== 'cast' || !expr.expr || !Array.isArray(expr.target) || expr.target.length !== 1) return undefined;
  return TEXT_TYPES.test(String(expr.target[0]?.dataType ?? '')) ? expr.expr : undefined;
}

const SENTINEL_FILL = new Set(['coalesce', 'ifnull', 'nvl', 'isnull']);

/**
 * `coalesce(manager.user_id, 'No Manager Assigned')`: x, with its null rows labelled. Distinct
 * values stay distinct unless the label is itself a value, which authors pick it not to be.
 */
function sentinelOf(expr: Node): Node | undefined {
  if (expr?.type !== 'function' || expr.over || !SENTINEL_FILL.has(functionName(expr) ?? '')) return undefined;
  const args: Node[] = Array.isArray(expr.args?.value) ? expr.args.value : [];
  return args.length === 2 && /string|number/.test(String(args[1]?.type)) ? args[0] : undefined;
}

/** a FROM relation's column that is an expression over one of its table instances, seen from here */
function dependencyOf(rel: Rel, column: string, scope: Scope): OutColumn['dep'] {
  const id = scope.ids?.get(rel);
  const dep = id && rel.kind === 'derived' && !rel.union ? rel.columns.find((c) => c.name === column)?.dep : undefined;
  return dep && { table: dep.table, inst: `${id}/${dep.inst}` };
}

/** the one table instance an expression reads, when it reads only that one's columns, row by row */
function dependency(expr: Node, scope: Scope): OutColumn['dep'] {
  if (hasAggregate(expr)) return undefined;
  let at: { table: string; inst: string } | undefined;
  let ok = true;
  walk(
    expr,
    (n) => {
      if (n.over) ok = false;
      const r = columnRef(n);
      if (!r || !ok) return;
      const rel = relationOf(r, scope);
      const s = rel && sourceOf(rel, r.column, scope);
      if (!s || (at && at.inst !== s.inst)) ok = false;
      else at = { table: s.table, inst: s.inst };
    },
    () => {
      ok = false;
    },
  );
  return ok ? at : undefined;
}

/** the physical column (and its instance) `column` of FROM relation `rel` passes unchanged */
export function sourceOf(rel: Rel, column: string, scope: Scope): OutColumn['src'] {
  const id = scope.ids?.get(rel);
  if (!id) return undefined;
  if (rel.kind === 'table') return { table: rel.name!, column, inst: id };
  if (rel.kind !== 'derived' || rel.union) return undefined;
  const col = rel.columns.find((c) => c.name === column);
  if (col) return col.src && { ...col.src, inst: `${id}/${col.src.inst}` };
  const only = rel.starFrom.length === 1 ? rel.starFrom[0] : undefined;
  return only?.kind === 'table' ? { table: only.name!, column, inst: `${id}/*` } : undefined;
}

/** the FROM relation a column reference reads */
export function relationOf(ref: { table?: string; column: string }, scope: Scope): Rel | undefined {
  return ref.table ? scope.byAlias.get(ref.table) ?? scope.byAlias.get(ref.table.split('.').pop()!) : pickRelation(ref.column, scope);
}

/** Resolves a column reference in a scope to its physical lineage. */
export function resolveColumn(ref: { table?: string; column: string }, scope: Scope): { lineage: string[]; pass?: PhysicalColumn; branches?: PhysicalColumn[] } {
  const rel = relationOf(ref, scope);
  return rel ? resolveIn(rel, ref.column) : { lineage: [] };
}

function resolveIn(rel: Rel, column: string): { lineage: string[]; pass?: PhysicalColumn; branches?: PhysicalColumn[] } {
  if (rel.kind === 'table') return { lineage: [`${rel.name}.${column}`], pass: { table: rel.name!, column } };
  const col = rel.columns.find((c) => c.name === column);
  if (col) return { lineage: col.lineage, pass: col.pass, branches: col.branches };
  if (rel.starFrom.length === 1) return resolveIn(rel.starFrom[0], column);
  return { lineage: [] };
}

/** the relation an unqualified column belongs to, when only one can hold it */
function pickRelation(column: string, scope: Scope): Rel | undefined {
  const rels = scope.rels.filter((r) => r.kind !== 'opaque');
  if (rels.length === 1) return rels[0];
  const known = rels.filter((r) => r.columns.some((c) => c.name === column));
  if (known.length === 1) return known[0];
  const unknown = rels.filter((r) => r.kind === 'table' || r.starFrom.length > 0);
  if (known.length === 0 && unknown.length === 1) return unknown[0];
  return undefined;
}

function recordUsage(n: Node, scope: Scope, ctx: QueryContext, filter: boolean): void {
  if (!ctx.usage) return;
  const r = columnRef(n);
  if (!r) return;
  const res = resolveColumn(r, scope);
  if (!res.pass) return;
  ctx.usage.columns.push(res.pass);
  if (filter) ctx.usage.filters.push(res.pass);
}

/** JOIN ... USING (cols): the left side is the latest earlier relation that can hold the columns */
function usingJoin(item: Node, scope: Scope, ctx: QueryContext): void {
  const cols: string[] = item.using.map((u: Node) => identText(u)?.toLowerCase()).filter(Boolean);
  const right = scope.rels[scope.rels.length - 1];
  const earlier = scope.rels.slice(0, -1).reverse();
  const left = earlier.find((r) => cols.every((c) => resolveIn(r, c).pass)) ;
  if (!left || !right) return;
  const lp = cols.map((c) => resolveIn(left, c).pass);
  const rp = cols.map((c) => resolveIn(right, c).pass);
  if (lp.every(Boolean) && rp.every(Boolean)) ctx.joins.push({ left: lp as PhysicalColumn[], right: rp as PhysicalColumn[] });
}

/**
 * Maps expressions of a select (GROUP BY keys, PARTITION BY keys) to the output
 * column names that carry them; undefined when one of them is not in the output.
 */
export function outputNames(exprs: Node[], rel: Rel, scope: Scope): string[] | undefined {
  const names: string[] = [];
  for (const e of exprs) {
    const name = outputNameOf(e, rel, scope);
    if (!name) return undefined;
    names.push(name);
  }
  return names;
}

function outputNameOf(e: Node, rel: Rel, scope: Scope): string | undefined {
  const ordinal = e?.type === 'number' ? Number(e.value) : undefined;
  if (ordinal !== undefined) return rel.columns[ordinal - 1]?.name;
  const ref = columnRef(e);
  if (ref) {
    if (!ref.table) {
      const byAlias = rel.columns.find((c) => c.name === ref.column);
      if (byAlias) return byAlias.name;
    }
    const target = resolveColumn(ref, scope).pass;
    const same = rel.columns.find((c) => {
      const cr = columnRef(c.expr);
      if (!cr || cr.column !== ref.column) return false;
      if (!cr.table || !ref.table || cr.table === ref.table) return true;
      return !!target && !!c.pass && c.pass.table === target.table && c.pass.column === target.column;
    });
    if (same) return same.name;
    // a key kept by `*` keeps its name
    if (target && rel.starFrom.some((r) => r.kind === 'table' && r.name === target.table)) return ref.column;
    return undefined;
  }
  const text = JSON.stringify(stripLoc(e));
  return rel.columns.find((c) => JSON.stringify(stripLoc(c.expr)) === text)?.name;
}

function stripLoc(x: Node): Node {
  return JSON.parse(JSON.stringify(x ?? null, (k, v) => (k === 'loc' ? undefined : v)));
}

export function renameColumns(rel: Rel, names: (string | undefined)[]): void {
  const renamed = new Map<string, string>();
  names.forEach((n, i) => {
    const c = rel.columns[i];
    if (n && c) {
      if (c.name) renamed.set(c.name, n.toLowerCase());
      c.name = n.toLowerCase();
    }
  });
  renameRowKeys(rel, renamed);
}

