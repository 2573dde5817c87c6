/**
 * Grain candidates from the final SELECT that feeds a target (GROUP BY [ALL], SELECT
 * DISTINCT [ON], QUALIFY / ranked-subquery ROW_NUMBER() = 1). Each rule names the
 * target's OUTPUT columns; when a key cannot be mapped to an output column, or the
 * select is a set operation without told-apart keyed branches or a plain projection, no candidate is emitted: a
 * missing grain is better than a wrong one.
 */
import type { GrainFact } from '../../schemas/facts.js';
import type { Node } from './parse.js';
import { columnRef, conjuncts, functionName, groupByExprs, hasAggregate, isDistinct, numberValue, partitionBy, readsColumn } from './ast.js';
import { outputNames, type Rel, type Scope } from './scope.js';
import { GROUPED_SURROGATE, withoutSupersets } from './row-keys.js';
import { withoutPartitionConstants } from './grain-window-constant.js';

export const ONE_ROW = 'one row (SELECT without FROM)';
export const GRAIN_CONFIDENCE = { oneRow: 0.7, groupBy: 0.85, distinct: 0.8, wideDistinct: 0.45, rowNumber: 0.85, merge: 0.8, primaryKey: 0.95 };
/** a SELECT DISTINCT over at most this many columns is as sure as a GROUP BY list; wider ones are a superset of the key */
const DISTINCT_NARROW = 3;

interface Where {
  file: string;
  line: number;
}

/** A unique key of a relation, in its output names, with how sure and which rule found it. */
export interface RuleKey {
  columns: string[];
  confidence: number;
  detail: string;
  groups?: GrainFact['groups'];
  requires?: GrainFact['requires'];
}

/**
 * The grain of a target: the keys its final select was found to have (its own rules,
 * and those carried through CTEs, joins and surrogate keys by row-keys.ts), the
 * outermost QUALIFY first since only the outermost one is kept by the parser.
 */
export function selectGrain(sel: Node, rel: Rel, scope: Scope, qualify: Node | undefined, at: Where): GrainFact[] {
  // a set operation's only key is the one its keyed, told-apart branches make (union-keys.ts)
  if (rel.union || sel._next) {
    return (rel.union ? rel.keys ?? [] : []).map((k) => ({ columns: k.columns, source: 'sql', confidence: k.confidence, file: at.file, line: at.line, detail: k.detail, ...(k.requires?.length ? { requires: k.requires } : {}) }));
  }
  // the own rules again: an INSERT column list may have named columns they could not name before
  // a hash of the grouped columns names the groups as the author keys them: ahead of the GROUP BY list
  const carried = rel.keys ?? [];
  const keys: RuleKey[] = [...carried.filter((k) => k.detail === GROUPED_SURROGATE), ...selectRuleKeys(sel, rel, scope), ...carried];
  const q = qualify && rowNumberKeys(qualify, rel, scope);
  // after the select's own GROUP BY / DISTINCT rules, before keys carried from inputs
  const own = keys.findIndex((k, i) => !OWN_RULES.has(k.detail) && (i > 0 || k.detail !== GROUPED_SURROGATE));
  if (q?.length) keys.splice(own < 0 ? keys.length : own, 0, { columns: q, confidence: GRAIN_CONFIDENCE.rowNumber, detail: 'QUALIFY ROW_NUMBER() = 1' });
  const out: GrainFact[] = [];
  for (const k of keys) {
    const columns = unique(k.columns);
    const same = out.find((o) => sameSet(o.columns, columns));
    // the own rule found again among the carried keys may know its groups (row-keys.ts)
    if (same && !same.groups && k.groups && same.detail === k.detail) same.groups = k.groups;
    if (columns.length === 0 || same) continue;
    out.push({
      columns,
      source: 'sql',
      confidence: k.confidence,
      file: at.file,
      line: at.line,
      detail: k.detail,
      ...(k.groups ? { groups: k.groups } : {}),
      ...(k.requires?.length ? { requires: k.requires } : {}),
    });
  }
  return withoutSupersets(out);
}

/** The keys a select's own clauses make: GROUP BY [ALL], SELECT DISTINCT [ON], ROW_NUMBER() = 1 over a subquery. */
export function selectRuleKeys(sel: Node, rel: Rel, scope: Scope): RuleKey[] {
  // the first branch of a set operation has its own keys (union-keys.ts); only the set's relation has none
  if (rel.union) return [];
  const out: RuleKey[] = [];
  const fact = (columns: string[] | undefined, confidence: number, detail: string) => {
    if (columns && columns.length > 0) out.push({ columns: unique(columns), confidence, detail });
  };
  // one row: any column tells it apart; the first is the one authors key by
  if (rel.oneRow && !sel.where && rel.columns[0]?.name) fact([rel.columns[0].name], GRAIN_CONFIDENCE.oneRow, ONE_ROW);
  const group = groupByExprs(sel);
  if (group && isGroupByAll(group)) {
    fact(groupByAllKeys(rel), GRAIN_CONFIDENCE.groupBy, 'GROUP BY ALL');
  } else if (group) {
    // ROLLUP / CUBE / GROUPING SETS make several grains at once
    if (!group.some((g) => typeof g?.type === 'string' && /rollup|cube|grouping/i.test(functionName(g) ?? ''))) {
      const listed = outputNames(group, rel, scope);
      const keys = listed && withoutPartitionConstants(listed, rel);
      // a GROUP BY that aggregates nothing is a DISTINCT, and as wide ones are, a superset of the key
      const distinctLike = !rel.columns.some((c) => hasAggregate(c.expr)) && (keys?.length ?? 0) > DISTINCT_NARROW;
      fact(keys, distinctLike ? GRAIN_CONFIDENCE.wideDistinct : GRAIN_CONFIDENCE.groupBy, 'GROUP BY');
    }
  }
  if (isDistinct(sel) && rel.starFrom.length === 0 && rel.columns.every((c) => c.name)) {
    // constants (a run timestamp, a literal label) tell no rows apart
    const keys = withoutPartitionConstants(rel.columns.filter((c) => readsColumn(c.expr)).map((c) => c.name!), rel);
    // every column of a wide DISTINCT is a key, rarely the one the author declares: a smaller key usually exists
    fact(keys, keys.length > DISTINCT_NARROW ? GRAIN_CONFIDENCE.wideDistinct : GRAIN_CONFIDENCE.distinct, 'SELECT DISTINCT');
  }
  const distinctOn = distinctOnExprs(sel);
  if (distinctOn) fact(outputNames(distinctOn, rel, scope), GRAIN_CONFIDENCE.rowNumber, 'DISTINCT ON');
  if (sel.where) fact(dedupedSubqueryKeys(sel.where, rel, scope), GRAIN_CONFIDENCE.rowNumber, 'ROW_NUMBER() = 1 over a subquery');
  // a QUALIFY the grammar kept in the tree (one inside a CTE, when the query text still has it)
  if (sel.qualify && typeof sel.qualify === 'object') fact(rowNumberKeys(sel.qualify, rel, scope), GRAIN_CONFIDENCE.rowNumber, 'QUALIFY ROW_NUMBER() = 1');
  return out;
}

const OWN_RULES = new Set(['GROUP BY ALL', 'GROUP BY', 'SELECT DISTINCT', 'DISTINCT ON', 'ROW_NUMBER() = 1 over a subquery', 'QUALIFY ROW_NUMBER() = 1']);

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

const isGroupByAll = (group: Node[]): boolean => group.length === 1 && group[0]?.type === 'origin' && String(group[0].value).toLowerCase() === 'all';

/** GROUP BY ALL groups by every output column that aggregates nothing; constants group nothing */
function groupByAllKeys(rel: Rel): string[] | undefined {
  if (rel.starFrom.length > 0) return undefined;
  const keys: string[] = [];
  for (const c of rel.columns) {
    if (!c.name) return undefined;
    if (!hasAggregate(c.expr) && readsColumn(c.expr)) keys.push(c.name);
  }
  return keys;
}

/** Postgres `SELECT DISTINCT ON (k) ...`: one row per k */
function distinctOnExprs(sel: Node): Node[] | undefined {
  const d = sel?.distinct;
  if (typeof d?.type !== 'string' || d.type.toUpperCase() !== 'DISTINCT ON' || !Array.isArray(d.columns)) return undefined;
  return d.columns.map((c: Node) => (c?.type === 'expr' && c.expr ? c.expr : c));
}

/** `x = 1`, `1 = x`, `x <= 1`, `x < 2`: returns x */
function equalsOne(c: Node): Node | undefined {
  if (c?.type !== 'binary_expr') return undefined;
  const op = c.operator;
  if ((op === '=' || op === '<=') && numberValue(c.right) === 1) return c.left;
  if (op === '<' && numberValue(c.right) === 2) return c.left;
  if (op === '=' && numberValue(c.left) === 1) return c.right;
  return undefined;
}

/** QUALIFY ROW_NUMBER() OVER (PARTITION BY k) = 1, or QUALIFY rn = 1 with rn an output column */
function rowNumberKeys(qualify: Node, rel: Rel, scope: Scope): string[] | undefined {
  for (const c of conjuncts(qualify)) {
    const x = equalsOne(c);
    if (!x) continue;
    const part = partitionBy(x);
    if (part && functionName(x) === 'row_number') return outputNames(part, rel, scope);
    const ref = columnRef(x);
    const col = ref && rel.columns.find((o) => o.name === ref.column);
    if (col?.rowNumberPartition) return col.rowNumberPartition;
  }
  return undefined;
}

/** SELECT ... FROM (SELECT ..., ROW_NUMBER() OVER (PARTITION BY k) rn FROM ...) WHERE rn = 1 */
function dedupedSubqueryKeys(where: Node, rel: Rel, scope: Scope): string[] | undefined {
  for (const c of conjuncts(where)) {
    const ref = columnRef(equalsOne(c));
    if (!ref) continue;
    const inner = ref.table ? scope.byAlias.get(ref.table) : scope.rels.find((r) => r.columns.some((o) => o.name === ref.column));
    const rn = inner?.columns.find((o) => o.name === ref.column);
    if (!inner || !rn?.rowNumberPartition) continue;
    // the keys are names in the subquery; the grain must name the outer select's columns
    const names: string[] = [];
    for (const key of rn.rowNumberPartition) {
      const kept = rel.columns.find((o) => {
        const r = columnRef(o.expr);
        return r && r.column === key && (!r.table || scope.byAlias.get(r.table) === inner);
      });
      const starred = rel.columns.some((o) => o.name === key && o.expr === inner.columns.find((i) => i.name === key)?.expr);
      // a key the subquery itself only has through `*` over a table, passed on by this select's `*`
      const viaStar = !inner.columns.some((i) => i.name === key) && inner.starFrom.length > 0 && inner.starFrom.every((t) => rel.starFrom.includes(t));
      if (kept?.name) names.push(kept.name);
      else if (starred || viaStar) names.push(key);
      else return undefined;
    }
    return names;
  }
  return undefined;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
