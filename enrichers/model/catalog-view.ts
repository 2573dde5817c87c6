import type { CatalogEntry } from '../../schemas/catalog.js';
import { normalizeName, splitName } from '../names.js';

/** The slice of a catalog entry the model enricher needs about *other* tables. */
export interface IndexEntry {
  id: string;
  table: string;
  aliases: string[];
  kind: string;
  columns: string[];
  summary: string;
}

export interface CatalogView {
  has(id: string): boolean;
  /** undefined when the catalog does not know the table's columns */
  columns(id: string): string[] | undefined;
  /** a name as written (quoted, partly qualified) to a catalog id, when unambiguous */
  resolve(name: string): string | undefined;
  summary(id: string): string | undefined;
}

export function columnsOf(entry: CatalogEntry): string[] {
  const seen = new Set<string>();
  for (const fact of entry.facts) for (const c of fact.columns) seen.add(c.name.toLowerCase());
  return [...seen];
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** One line per neighbour: enough for the model to understand an edge, cheap enough to list twenty. */
export function summarizeEntry(entry: CatalogEntry): string {
  const cols = columnsOf(entry);
  const grain = entry.facts.flatMap((f) => f.grain)[0];
  const desc = entry.facts.flatMap((f) => f.descriptions)[0]?.text;
  const parts = [`${entry.table} (${entry.kind})`];
  if (cols.length) parts.push(`columns: ${clip(cols.slice(0, 12).join(', '), 120)}${cols.length > 12 ? ` +${cols.length - 12}` : ''}`);
  if (grain) parts.push(`grain: ${grain.columns.join(', ')}`);
  if (desc) parts.push(clip(desc.replace(/\s+/g, ' '), 100));
  return parts.join('; ');
}

export function indexEntryOf(entry: CatalogEntry): IndexEntry {
  return {
    id: entry.id,
    table: entry.table,
    aliases: entry.aliases,
    kind: entry.kind,
    columns: columnsOf(entry),
    summary: summarizeEntry(entry),
  };
}

export function catalogView(entries: Iterable<IndexEntry>): CatalogView {
  const byId = new Map<string, IndexEntry>();
  const exact = new Map<string, string>();
  // suffix -> ids: `orders` finds `analytics.orders` only when no other table ends the same way
  const bySuffix = new Map<string, Set<string>>();
  for (const e of entries) {
    byId.set(e.id, e);
    for (const name of [e.id, e.table, ...e.aliases]) {
      const parts = splitName(name);
      exact.set(parts.join('.'), e.id);
      for (let n = 1; n < parts.length; n++) {
        const key = parts.slice(-n).join('.');
        const set = bySuffix.get(key) ?? new Set<string>();
        set.add(e.id);
        bySuffix.set(key, set);
      }
    }
  }
  return {
    has: (id) => byId.has(id),
    columns: (id) => {
      const cols = byId.get(id)?.columns;
      return cols && cols.length > 0 ? cols : undefined;
    },
    resolve: (name) => {
      const key = normalizeName(name);
      const hit = exact.get(key);
      if (hit) return hit;
      const ids = bySuffix.get(key);
      return ids && ids.size === 1 ? [...ids][0] : undefined;
    },
    summary: (id) => byId.get(id)?.summary,
  };
}
