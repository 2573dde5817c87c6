/**
 * A column computed by window functions that give every row of a partition the same value
 * (`first_value(source) over (partition by session_key order by ts rows between unbounded
 * preceding and unbounded following)`, `max(x) over (partition by k)`) depends on the
 * partition columns only. In a SELECT DISTINCT (or a GROUP BY that aggregates nothing) that
 * also lists those columns it tells no rows apart, so it is no part of the key: dbt-ga4's
 * session models DISTINCT a session key beside its first-touch attributes so.
 */
import type { Node } from './parse.js';
import { columnRef, functionName, hasAggregate, subquerySelect, walk } from './ast.js';
import { outputNames, relationOf, type OutColumn, type Rel, type Scope } from './scope.js';
import { isHash } from './row-keys.js';

/**
 * Sets `fixedBy` on a select's columns: the output columns whose values fix each one. A
 * partition-constant window value is fixed by its partition columns; a value computed row by
 * row from other output columns (`lower(email)`, `if(source <> 'direct', session_key, null)`)
 * by those. A hash is left alone: it is written as the key, and its inputs drop out instead
 * (grain-hash-dependents.ts). Passed on through projections under the new names.
 */
export function markPartitionConstants(sel: Node, rel: Rel, scope: Scope): void {
  for (const c of rel.columns) {
    if (c.fixedBy) continue;
    const up = c.via && c.via.rel.columns.find((x) => x.name === c.via!.column)?.fixedBy;
    if (up) {
      const names = up.map((n) => rel.columns.find((o) => o.via?.rel === c.via!.rel && o.via.column === n)?.name);
      if (names.every((n): n is string => !!n)) c.fixedBy = names;
      continue;
    }
    const part = partitionConstant(c.expr, sel);
    const names = part ? outputNames(part, rel, scope) : computedFrom(c, rel, scope);
    if (names) c.fixedBy = names;
  }
}

/** the output columns a row-by-row expression reads, when it reads only output columns */
function computedFrom(c: OutColumn, rel: Rel, scope: Scope): string[] | undefined {
  if (c.via || hasAggregate(c.expr) || isHash(c.expr)) return undefined;
  const names = new Set<string>();
  let ok = true;
  walk(c.expr, (n) => {
    if (n.over) ok = false;
    const r = columnRef(n);
    if (!r || !ok) return;
    const from = relationOf(r, scope);
    const out = from && rel.columns.find((o) => o !== c && o.name && o.via?.rel === from && o.via.column === r.column);
    if (out?.name) names.add(out.name);
    else ok = false;
  }, () => {
    ok = false;
  });
  return ok && names.size > 0 ? [...names] : undefined;
}

/**
 * A DISTINCT or GROUP BY list without the columns the rest of it fixes. Dropped one at a
 * time from the end (authors list keys first), each fixed by columns still listed, so what
 * stays fixes everything dropped.
 */
export function withoutPartitionConstants(keys: string[], rel: Rel): string[] {
  const kept = [...keys];
  for (const k of [...keys].reverse()) {
    const fixedBy = rel.columns.find((c) => c.name === k)?.fixedBy;
    if (fixedBy && kept.length > 1 && fixedBy.every((f) => f !== k && kept.includes(f))) kept.splice(kept.indexOf(k), 1);
  }
  return kept;
}

/** window functions whose value differs from row to row whatever the frame */
const ROW_VARYING = new Set(['row_number', 'rank', 'dense_rank', 'ntile', 'percent_rank', 'cume_dist', 'lag', 'lead']);

/**
 * The PARTITION BY expressions that fix the value of `expr`, when every column it reads is
 * read inside partition-constant window calls over one same partition; undefined otherwise.
 */
export function partitionConstant(expr: Node, sel: Node): Node[] | undefined {
  let partition: Node[] | undefined;
  let key: string | undefined;
  let ok = true;
  let windows = 0;
  const visit = (n: Node): void => {
    if (!ok || n == null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    if (subquerySelect(n)) {
      ok = false;
      return;
    }
    if (n.over && typeof n.over === 'object') {
      const spec = windowSpec(n.over, sel);
      const parts = spec && constantPartition(n, spec);
      const text = parts && JSON.stringify(parts, (k, v) => (k === 'loc' ? undefined : v));
      if (!parts || (key !== undefined && key !== text)) ok = false;
      else [partition, key, windows] = [parts, text, windows + 1];
      return;
    }
    if (columnRef(n)) {
      // a column read outside the window calls: the value varies with it
      ok = false;
      return;
    }
    for (const k in n) if (k !== 'loc') visit(n[k]);
  };
  visit(expr);
  return ok && windows > 0 ? partition : undefined;
}

/** the window specification of an OVER clause, named ones looked up in the select's WINDOW clause */
function windowSpec(over: Node, sel: Node): Node | undefined {
  const as = over.as_window_specification ?? over;
  if (typeof as === 'string') {
    const named = (Array.isArray(sel?.window?.expr) ? sel.window.expr : []).find((w: Node) => String(w?.name).toLowerCase() === as.toLowerCase());
    return named?.as_window_specification?.window_specification;
  }
  return as?.window_specification;
}

/** the partition expressions when the call's value is the same on every row of a partition */
function constantPartition(call: Node, spec: Node): Node[] | undefined {
  const name = (functionName(call) ?? '').split('.').pop()!;
  if (ROW_VARYING.has(name)) return undefined;
  const ordered = Array.isArray(spec.orderby) && spec.orderby.length > 0;
  const frame = spec.window_frame_clause;
  // the whole partition in every frame: any aggregate or value function is constant
  const whole = frame ? wholePartitionFrame(frame) : !ordered;
  // the default frame of an ordered window starts at the partition's first row
  if (!whole && !(name === 'first_value' && (!frame || startsUnbounded(frame)))) return undefined;
  const parts: Node[] = Array.isArray(spec.partitionby) ? spec.partitionby : [];
  return parts.map((p: Node) => (p?.type === 'expr' && p.expr ? p.expr : p?.expr ?? p));
}

const bounds = (frame: Node): string[] =>
  frame?.type === 'binary_expr' && String(frame.operator).toUpperCase() === 'BETWEEN' && Array.isArray(frame.right?.value)
    ? frame.right.value.map((b: Node) => String(b?.value ?? '').toUpperCase())
    : [];

function wholePartitionFrame(frame: Node): boolean {
  const [from, to] = bounds(frame);
  return from === 'UNBOUNDED PRECEDING' && to === 'UNBOUNDED FOLLOWING';
}

function startsUnbounded(frame: Node): boolean {
  return bounds(frame)[0] === 'UNBOUNDED PRECEDING';
}
