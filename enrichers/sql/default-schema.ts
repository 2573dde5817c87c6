import type { JoinEdge } from '../../schemas/facts.js';
import type { SqlStatementFacts } from './types.js';

/**
 * A script that says `USE analytics` or `SET search_path TO analytics` writes and reads
 * `orders` meaning `analytics.orders`: the catalog must see the qualified name, or the
 * table is a different one from what every other file calls it. Names already
 * qualified, `#temp` tables and names the host language left unresolved stay as they are.
 */
export function qualifyNames(facts: SqlStatementFacts, schema: string): SqlStatementFacts {
  return mapTableNames(facts, (name) => (name.includes('.') || name.startsWith('#') || !/^[\w$]+$/.test(name) ? name : `${schema}.${name}`));
}

/** every table name a statement's facts hold (target, sources, lineage entries, joins, drops), through `q` */
export function mapTableNames(facts: SqlStatementFacts, q: (name: string) => string): SqlStatementFacts {
  // lineage entries are `table.column`; q decides whether the table part changes
  const qCol = (ref: string) => {
    const dot = ref.lastIndexOf('.');
    return dot > 0 ? `${q(ref.slice(0, dot))}${ref.slice(dot)}` : ref;
  };
  const side = (s: JoinEdge['left']) => ({ ...s, table: q(s.table) });
  return {
    ...facts,
    target: facts.target && q(facts.target),
    sources: facts.sources.map(q),
    columns: facts.columns.map((c) => (c.lineage ? { ...c, lineage: c.lineage.map(qCol) } : c)),
    joins: facts.joins.map((j) => ({ ...j, left: side(j.left), right: side(j.right) })),
    drops: facts.drops?.map(q),
    ...(facts.renamedFrom ? { renamedFrom: q(facts.renamedFrom) } : {}),
    ...(facts.rowOrigin ? { rowOrigin: origin(facts.rowOrigin, q) } : {}),
  };
}

function origin<T extends { table: string; joins: { table: string; columns: string[] }[]; branches?: T[] }>(o: T, q: (name: string) => string): T {
  return { ...o, table: q(o.table), joins: o.joins.map((j) => ({ ...j, table: q(j.table) })), ...(o.branches ? { branches: o.branches.map((b) => origin(b, q)) } : {}) };
}
