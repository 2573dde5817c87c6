import type { Column, TableRecord } from '../../schemas/table-record.js';

/** What happened to a table's columns between two snapshots. */
export interface ColumnChanges {
  added: string[];
  removed: string[];
  /** a column gone and another come, computed from the same upstream columns */
  renamed: { from: string; to: string }[];
  retyped: { column: string; from: string; to: string }[];
  /** readers downstream whose column lineage still reads a column that is gone */
  breaking: { column: string; reader: string; readerColumn: string; file?: string; line?: number }[];
}

const key = (s: string) => s.toLowerCase();
const lineageKey = (c: Column) => (c.lineage?.length ? [...c.lineage].map(key).sort().join('|') : undefined);

/**
 * Columns compared only where both sides know them: a side whose SQL did not parse has
 * no columns, and reading that as "every column removed" would be noise, not news.
 */
export function columnChanges(before: TableRecord | undefined, after: TableRecord, readers: TableRecord[]): ColumnChanges | null {
  if (!before || !before.columns.length || !after.columns.length) return null;
  const b = new Map(before.columns.map((c) => [key(c.name), c]));
  const a = new Map(after.columns.map((c) => [key(c.name), c]));
  let removed = [...b.keys()].filter((n) => !a.has(n));
  let added = [...a.keys()].filter((n) => !b.has(n));
  const renamed: ColumnChanges['renamed'] = [];
  for (const from of removed) {
    const lk = lineageKey(b.get(from)!);
    const to = lk && added.find((n) => lineageKey(a.get(n)!) === lk);
    if (to) {
      renamed.push({ from: b.get(from)!.name, to: a.get(to)!.name });
      added = added.filter((n) => n !== to);
    }
  }
  removed = removed.filter((n) => !renamed.some((r) => key(r.from) === n));
  const retyped = [...a.keys()]
    .filter((n) => b.has(n) && b.get(n)!.type && a.get(n)!.type && key(b.get(n)!.type!) !== key(a.get(n)!.type!))
    .map((n) => ({ column: a.get(n)!.name, from: b.get(n)!.type!, to: a.get(n)!.type! }));
  const gone = new Set([...removed, ...renamed.map((r) => key(r.from))]);
  const breaking: ColumnChanges['breaking'] = [];
  for (const r of readers) {
    for (const c of r.columns) {
      for (const l of c.lineage ?? []) {
        const dot = l.lastIndexOf('.');
        if (key(l.slice(0, dot)) !== after.id || !gone.has(key(l.slice(dot + 1)))) continue;
        breaking.push({ column: l.slice(dot + 1), reader: r.table, readerColumn: c.name, file: definingFile(r) });
      }
    }
  }
  const named = (ns: string[], m: Map<string, Column>) => ns.map((n) => m.get(n)!.name).sort();
  return { added: named(added, a), removed: named(removed, b), renamed, retyped, breaking };
}

/** The file that builds a table, not one that only describes it. */
function definingFile(r: TableRecord): string | undefined {
  return r.files.find((f) => !/\.ya?ml$/.test(f)) ?? r.files[0];
}

export const hasColumnNews = (c: ColumnChanges | null | undefined): boolean =>
  !!c && c.added.length + c.removed.length + c.renamed.length + c.retyped.length + c.breaking.length > 0;
