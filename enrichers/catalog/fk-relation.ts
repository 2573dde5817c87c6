/**
 * Which way a join seen in code points, once every table's grain is known. A JOIN ON
 * matches columns of two tables; when one side's columns are its table's key and the
 * other side's are not, the other side references it (`orders.customer_id = customers.id`):
 * a foreign key read from code. A seed is a lookup: a model's join to it references it
 * even while the seed's key is unknown (its tests removed, or never written). When both sides are keys (two models of one grain joined
 * 1:1) or neither is, the tables are only joined, and the record says so: a join is how
 * to combine two tables, not a constraint one places on the other.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { JoinKeyFact, JoinRelation } from '../../schemas/facts.js';
import { PARTIAL_JOIN } from '../sql/joins-on.js';

/** true when `columns` are (all of) table `id`'s key */
export type IsKey = (id: string, columns: string[]) => boolean;
/** true for a lookup table (a seed): what a join to it reads is a code it lists, even with its key unknown */
export type IsLookup = (id: string) => boolean;

export function relationOf(from: string, k: JoinKeyFact, isKey: IsKey, isLookup: IsLookup = () => false): JoinRelation {
  const own = isKey(from, k.columns) || (isLookup(from) && !isLookup(k.table));
  const other = isKey(k.table, k.refColumns) || (isLookup(k.table) && !isLookup(from));
  if (other && !own) return 'references';
  if (own && !other) return 'referenced by';
  return 'joined';
}

/**
 * The join keys still marked `joined`, given a direction where grain shows one. A piece of
 * a composite join (one of several tables an ON clause compares) that references no key is
 * dropped: `payment.platform_fk = enrollment.platform_fk`, half of a join whose other half
 * is on order_id, would fan rows out if an agent joined on it alone.
 */
export function directJoins(entries: CatalogEntry[], isKey: IsKey): CatalogEntry[] {
  const seeds = new Set(entries.filter((e) => e.kind === 'dbt seed').map((e) => e.id));
  const isLookup: IsLookup = (id) => seeds.has(id);
  return entries.map((e) => {
    if (!e.joinKeys.some((k) => k.relation === 'joined')) return e;
    const keys = e.joinKeys.map((k) => (k.relation === 'joined' ? { ...k, relation: relationOf(e.id, k, isKey, isLookup) } : k));
    return { ...e, joinKeys: keys.filter((k) => !(k.relation === 'joined' && k.detail === PARTIAL_JOIN)) };
  });
}

/** a key test over each table's grain columns (any number) and its one-column keys */
export function keyTest(grains: Map<string, string[]>, singleKeys: Map<string, string>): IsKey {
  const norm = (cols: string[]) => cols.map((c) => c.toLowerCase()).sort().join(',');
  const grainOf = new Map([...grains].map(([id, cols]) => [id, norm(cols)]));
  return (id, columns) => {
    if (columns.length === 0) return false;
    const n = norm(columns);
    return grainOf.get(id) === n || singleKeys.get(id) === n;
  };
}
