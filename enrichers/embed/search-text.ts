import type { TableRecord } from '../../schemas/table-record.js';
import { splitName } from '../names.js';

/**
 * Bump with any change to what searchTextOf returns: it is part of every table's
 * fingerprint, so the next incremental run re-embeds unchanged tables too
 * (test/embed/search-text-version.test.ts pins the text this version makes).
 */
export const SEARCH_TEXT_VERSION = 1;

/**
 * What search matches a table on: its own name (twice: it is the strongest signal),
 * what it is, its grain, its columns with their descriptions, caveats and how
 * people use it. Lineage neighbours' names are left out on purpose: a table that
 * merely reads `daily_revenue` should not outrank `daily_revenue` itself. Join
 * partners are in, by their short name: "how do I join orders to customers" is a
 * question about the tables that carry that join (scripts/eval-retrieval.ts: recall@5
 * +4 points on the fixture questions).
 */
export function searchTextOf(r: TableRecord): string {
  const name = splitName(r.table).join(' ').replace(/_/g, ' ');
  const human = [r.annotations?.description, ...descriptionsIn(r)].filter(Boolean);
  const columns = r.columns.map((c) => (c.description ? `${c.name} (${c.description})` : c.name));
  return [
    `${name}. ${name}.`,
    r.kind,
    ...human,
    r.grain?.statement,
    columns.length ? `Columns: ${columns.join(', ')}.` : '',
    joinsOf(r),
    r.annotations?.caveats.join(' '),
    r.annotations?.deprecated ? `Deprecated${r.annotations.replacedBy ? `, replaced by ${r.annotations.replacedBy}` : ''}.` : '',
    r.tags.join(' '),
    r.usage?.canonicalExamples[0]?.sql,
  ]
    .filter(Boolean)
    .join('\n')
    .slice(0, 4000);
}

function joinsOf(r: TableRecord): string {
  const partners = new Set(r.joinKeys.map((k) => `${(splitName(k.table).at(-1) ?? k.table).replace(/_+/g, ' ')} on ${k.columns.join(', ')}`));
  return partners.size ? `Joins ${[...partners].slice(0, 8).join('; ')}.` : '';
}

function descriptionsIn(r: TableRecord): string[] {
  // The merged description's first line carries the winning human/declared text.
  const first = r.description.split('\n')[0] ?? '';
  const i = first.indexOf(': ');
  return i > 0 ? [first.slice(i + 2)] : [];
}
