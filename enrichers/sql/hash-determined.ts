/**
 * Which other output columns a column determines because it is a hash (md5, sha,
 * farm_fingerprint, a rendered generate_surrogate_key) or a plain concatenation of
 * them: equal keys mean equal inputs, collisions aside. A GROUP BY or DISTINCT list that
 * holds the key and its inputs is unique on the key alone (decided at link time,
 * catalog/grain-hash-dependents.ts). Only functions that keep inputs apart are looked
 * through (casts, concatenation, encodings, coalesce with a sentinel); lower(), substr(),
 * date_trunc() or arithmetic lose information, so such a column determines nothing.
 */
import type { ColumnFact } from '../../schemas/facts.js';
import { columnRef, functionName } from './ast.js';
import type { Node } from './parse.js';
import { HASH_FUNCTIONS } from './row-keys.js';
import type { OutColumn, Rel } from './scope.js';

/** functions whose output tells their inputs apart (for concatenation, as authors use it for keys) */
const KEEPS_INPUTS = new Set([
  'concat', 'concat_ws', 'array_to_string', 'to_base64', 'base64', 'to_hex', 'hex', 'coalesce', 'ifnull', 'nvl',
  'string', 'to_json_string', 'to_varchar', 'safe_cast', 'cast',
]);
const LITERALS = new Set(['single_quote_string', 'double_quote_string', 'string', 'number', 'null', 'natural_string', 'regex_string']);

interface Inputs {
  columns: string[];
  hash: boolean;
  concat: boolean;
}

/** the columns an expression keeps apart, or undefined if something in it loses information */
function inputsOf(n: Node): Inputs | undefined {
  if (n == null || typeof n !== 'object') return undefined;
  const ref = columnRef(n);
  if (ref) return ref.column === '*' ? undefined : { columns: [ref.column], hash: false, concat: false };
  if (LITERALS.has(n.type)) return { columns: [], hash: false, concat: false };
  if (n.type === 'cast') return inputsOf(n.expr);
  if (n.type === 'expr_list') return list(n.value);
  // BigQuery `ARRAY(SELECT ..)` holds a query, not a list: it keeps no inputs apart
  if (n.type === 'array') return list(n.expr_list?.value ?? n.expr_list);
  if (n.type === 'binary_expr' && n.operator === '||') return mark(all([n.left, n.right]), { concat: true });
  if (n.type === 'function' && !n.over) {
    const name = (functionName(n) ?? '').split('.').pop()!;
    const args = n.args?.value ?? n.args ?? [];
    if (HASH_FUNCTIONS.has(name)) return mark(all(Array.isArray(args) ? args : [args]), { hash: true });
    if (KEEPS_INPUTS.has(name)) return mark(all(Array.isArray(args) ? args : [args]), { concat: /concat|array_to_string/.test(name) });
  }
  return undefined;
}

const list = (x: Node): Inputs | undefined => (Array.isArray(x) ? all(x) : x == null ? all([]) : undefined);

function all(nodes: Node[]): Inputs | undefined {
  const out: Inputs = { columns: [], hash: false, concat: false };
  for (const x of nodes) {
    const r = inputsOf(x);
    if (!r) return undefined;
    out.columns.push(...r.columns);
    out.hash ||= r.hash;
    out.concat ||= r.concat;
  }
  return out;
}

const mark = (r: Inputs | undefined, m: Partial<Inputs>): Inputs | undefined => r && { ...r, hash: r.hash || !!m.hash, concat: r.concat || !!m.concat };

/**
 * `{determines}` for a hash or concatenation column whose inputs are also output columns
 * (matched by name, each computed from nothing the key is not computed from, or brought
 * in unchanged by a `*` over a table), else `{}`.
 */
export function hashDetermined(col: OutColumn, rel: Rel): Pick<ColumnFact, 'determines'> {
  const r = col.name ? inputsOf(col.expr) : undefined;
  if (!r || !(r.hash || r.concat) || r.columns.length === 0) return {};
  const lineage = new Set(col.lineage);
  const names = [...new Set(r.columns)].filter((i) => {
    if (i === col.name) return false;
    const out = rel.columns.find((o) => o.name === i);
    if (out) return out.lineage.length > 0 && out.lineage.every((l) => lineage.has(l));
    // `select *` from a table whose columns are not known: the input passes under its own name
    return rel.starFrom.some((t) => t.kind === 'table' && lineage.has(`${t.name}.${i}`));
  });
  return names.length > 0 ? { determines: { columns: names, via: r.hash ? 'hash' : 'concat' } } : {};
}
