/**
 * The key of a UNION ALL whose branches are each keyed and told apart by a constant
 * column (`'apple_store' as app_platform` in one branch, `'google_play'` in the other):
 * a row is one branch's row, the constant says which branch, so the branches' keys plus
 * that column identify it. Without such a column two branches may hold the same key, and
 * no key is given. Columns are matched by position, as the set operation matches them.
 */
import type { Node } from './parse.js';
import type { RowKey } from './row-keys.js';
import type { Rel } from './scope.js';

/** a union's key is inferred from its branches' keys: never surer than carrying one */
const UNION_CAP = 0.8;
export const UNION_DETAIL = 'UNION ALL of keyed branches told apart by';

/** the literal a column is (`'x'`, `1`, `cast('x' as varchar)`), as text, or undefined */
function literal(expr: Node): string | undefined {
  let x = expr;
  while (x?.type === 'cast' && x.expr) x = x.expr;
  if (x && typeof x === 'object' && /string|number|bool/.test(String(x.type)) && x.value !== undefined && x.value !== null) return String(x.value);
  return undefined;
}

/**
 * Rows written out as literals (`select 1 as id, 'blue' as color union all select 2, 'red'`):
 * the fewest leading columns whose values tell every row apart.
 */
function literalRowsKey(branches: Rel[]): RowKey | undefined {
  if (!branches.every((b) => b.oneRow)) return undefined;
  const names: string[] = [];
  for (let i = 0; i < branches[0].columns.length; i++) {
    const values = branches.map((b) => literal(b.columns[i].expr));
    const name = branches[0].columns[i].name;
    if (values.some((v) => v === undefined) || !name) return undefined;
    names.push(name);
    const tuples = branches.map((b) => JSON.stringify(b.columns.slice(0, i + 1).map((c) => literal(c.expr))));
    if (new Set(tuples).size === branches.length) return { columns: names, confidence: LITERAL_ROWS_CONFIDENCE, detail: 'UNION ALL of literal rows told apart by' + ` ${names.join(', ')}` };
  }
  return undefined;
}

/** as sure as a one-row select's key: values written in the query */
const LITERAL_ROWS_CONFIDENCE = 0.7;

/** `branches[0]` names the union's columns; the others are matched to them by position */
export function unionKeys(branches: Rel[]): RowKey[] {
  const first = branches[0];
  if (!first || branches.length < 2) return [];
  const width = first.columns.length;
  if (branches.some((b) => b.columns.length !== width || b.starFrom.length > 0)) return [];
  const rows = literalRowsKey(branches);
  if (rows) return [rows];
  // positions where every branch writes a different constant
  const told = [...Array(width).keys()].find((i) => {
    const values = branches.map((b) => literal(b.columns[i].expr));
    return values.every((v) => v !== undefined) && new Set(values).size === branches.length;
  });
  if (told === undefined || !first.columns[told].name) return [];
  const positions = new Set<number>([told]);
  let confidence = UNION_CAP;
  const requires: RowKey['requires'] = [];
  for (const b of branches) {
    const key = b.keys?.[0];
    if (!key) return [];
    requires.push(...(key.requires ?? []));
    for (const name of key.columns) {
      const at = b.columns.findIndex((c) => c.name === name);
      if (at < 0) return [];
      positions.add(at);
    }
    confidence = Math.min(confidence, key.confidence);
  }
  const columns = [...positions].sort((a, b) => a - b).map((i) => first.columns[i].name);
  if (!columns.every((c): c is string => !!c)) return [];
  return [{ columns, confidence, detail: `${UNION_DETAIL} ${first.columns[told].name}`, ...(requires.length ? { requires } : {}) }];
}
