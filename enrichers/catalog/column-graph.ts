/**
 * The column lineage graph of a linked catalog: for each table, its columns and, for
 * each column, the upstream columns it is computed from. Read from two facts the SQL
 * analysers already give: `ColumnFact.lineage` ("table.column" as written) and
 * `RowOrigin` (a column passed on from the table's row origin, renamed or as `*`).
 * Upstream tables outside the catalog stay as nodes under their normalised name: two
 * models that read the same raw column share that origin even if nothing defines it.
 * Pure and memoised; near-linear in the number of columns.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import { normalizeName } from '../names.js';

interface Resolver {
  resolve(name: string): string | undefined;
}

/** a column node: "<table id>\u0000<column>" */
export type ColumnNode = string;
export const node = (table: string, column: string): ColumnNode => `${table}\u0000${column}`;
export const tableOf = (n: ColumnNode): string => n.slice(0, n.indexOf('\u0000'));
export const columnOf = (n: ColumnNode): string => n.slice(n.indexOf('\u0000') + 1);

/** how far up a column's lineage is followed: real chains are a handful of models long */
const MAX_ANCESTORS = 48;

export class ColumnGraph {
  private columns = new Map<string, Map<string, ColumnNode[]>>();
  private ancestorsMemo = new Map<ColumnNode, ColumnNode[]>();
  private byId: Map<string, CatalogEntry>;
  private building = new Set<string>();

  constructor(entries: CatalogEntry[], private resolver: Resolver) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
  }

  /** the table's columns, each with the upstream column nodes it is computed from */
  columnsOf(id: string): Map<string, ColumnNode[]> {
    const known = this.columns.get(id);
    if (known) return known;
    const out = new Map<string, ColumnNode[]>();
    const entry = this.byId.get(id);
    if (!entry || this.building.has(id)) return out;
    this.building.add(id);
    const add = (col: string, parents: ColumnNode[]) => {
      const prev = out.get(col);
      if (!prev) out.set(col, [...parents]);
      else for (const p of parents) if (!prev.includes(p)) prev.push(p);
    };
    for (const f of entry.facts) {
      for (const c of f.columns) {
        const parents: ColumnNode[] = [];
        for (const l of c.lineage ?? []) {
          const dot = l.lastIndexOf('.');
          if (dot <= 0) continue;
          const table = this.resolveTable(l.slice(0, dot));
          if (table && table !== id) parents.push(node(table, l.slice(dot + 1).toLowerCase()));
        }
        add(c.name.toLowerCase(), parents);
      }
    }
    const origin = entry.facts.find((f) => f.defines && f.rowOrigin)?.rowOrigin;
    const from = origin && this.resolveTable(origin.table);
    if (origin && from && from !== id) {
      const renamedInto = new Set(Object.values(origin.columns).map((c) => c.toLowerCase()));
      for (const [up, here] of Object.entries(origin.columns)) add(here.toLowerCase(), [node(from, up.toLowerCase())]);
      if (origin.all) {
        // `select *`: the origin's columns arrive under their own names
        for (const up of this.columnsOf(from).keys()) if (!renamedInto.has(up)) add(up, [node(from, up)]);
      }
    }
    this.building.delete(id);
    this.columns.set(id, out);
    return out;
  }

  /** the chain of single upstream columns a column is carried from, nearest first, bounded */
  ancestors(n: ColumnNode): ColumnNode[] {
    const known = this.ancestorsMemo.get(n);
    if (known) return known;
    this.ancestorsMemo.set(n, []); // cycle guard
    const out: ColumnNode[] = [];
    const seen = new Set<ColumnNode>([n]);
    // only a column computed from exactly one upstream column can hold that column's
    // values: a hash or concatenation of several (a surrogate key) is a different value
    const parents = this.columnsOf(tableOf(n)).get(columnOf(n)) ?? [];
    if (parents.length === 1 && !seen.has(parents[0])) {
      seen.add(parents[0]);
      out.push(parents[0]);
    }
    for (const p of [...out]) {
      for (const a of this.ancestors(p)) {
        if (out.length >= MAX_ANCESTORS) break;
        if (!seen.has(a)) {
          seen.add(a);
          out.push(a);
        }
      }
    }
    this.ancestorsMemo.set(n, out);
    return out;
  }

  private resolveTable(name: string): string {
    return this.resolver.resolve(name) ?? normalizeName(name);
  }
}
