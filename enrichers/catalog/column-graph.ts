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

/** a column node: "<table number>.<column>"; tables are numbered because ids can be long */
export type ColumnNode = string;

/** how far up a column's lineage is followed: real chains are a handful of models long */
const MAX_DEPTH = 16;

export class ColumnGraph {
  private columns = new Map<string, Map<string, ColumnNode[]>>();
  private byId: Map<string, CatalogEntry>;
  private building = new Set<string>();

  private numbers = new Map<string, number>();
  private tables: string[] = [];

  constructor(entries: CatalogEntry[], private resolver: Resolver) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
  }

  node(table: string, column: string): ColumnNode {
    let n = this.numbers.get(table);
    if (n === undefined) {
      n = this.tables.length;
      this.tables.push(table);
      this.numbers.set(table, n);
    }
    return `${n}.${column}`;
  }

  tableOf(n: ColumnNode): string {
    return this.tables[Number(n.slice(0, n.indexOf('.')))];
  }

  columnOf(n: ColumnNode): string {
    return n.slice(n.indexOf('.') + 1);
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
          if (table && table !== id) parents.push(this.node(table, l.slice(dot + 1).toLowerCase()));
        }
        add(c.name.toLowerCase(), parents);
      }
    }
    const origin = entry.facts.find((f) => f.defines && f.rowOrigin)?.rowOrigin;
    const from = origin && this.resolveTable(origin.table);
    if (origin && from && from !== id) {
      const renamedInto = new Set(Object.values(origin.columns).map((c) => c.toLowerCase()));
      for (const [up, here] of Object.entries(origin.columns)) add(here.toLowerCase(), [this.node(from, up.toLowerCase())]);
      if (origin.all) {
        // `select *`: the origin's columns arrive under their own names
        for (const up of this.columnsOf(from).keys()) if (!renamedInto.has(up)) add(up, [this.node(from, up)]);
      }
    }
    this.building.delete(id);
    this.columns.set(id, out);
    return out;
  }

  /**
   * The chain of upstream columns a column is carried from, nearest first. Only a column
   * computed from exactly one upstream column can hold that column's values (a hash or
   * concatenation of several, a surrogate key, is a different value), so the chain is a
   * path, walked on demand: nothing stored per column, cost bounded by MAX_DEPTH.
   */
  ancestors(n: ColumnNode): ColumnNode[] {
    const out: ColumnNode[] = [];
    let cur = n;
    while (out.length < MAX_DEPTH) {
      const parents = this.columnsOf(this.tableOf(cur)).get(this.columnOf(cur));
      if (!parents || parents.length !== 1 || parents[0] === n || out.includes(parents[0])) break;
      cur = parents[0];
      out.push(cur);
    }
    return out;
  }

  private resolved = new Map<string, string>();
  /** memoised: the same upstream name is written in every column's lineage */
  private resolveTable(name: string): string {
    let id = this.resolved.get(name);
    if (id === undefined) this.resolved.set(name, (id = this.resolver.resolve(name) ?? normalizeName(name)));
    return id;
  }
}
