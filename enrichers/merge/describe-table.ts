import type { TableRecord } from '../../schemas/table-record.js';

export type DescribeInput = Omit<TableRecord, 'fingerprint' | 'commit' | 'runId' | 'updatedAt' | 'description'> & {
  summary?: string;
};

export const DESCRIPTION_BUDGET = 1200;

interface Section {
  text: string;
  /** 0 is kept longest; when over budget the highest number goes first */
  priority: number;
}

/**
 * The one text per table that is embedded and shown to agents. Curated, not exhaustive:
 * each section is capped, and when the whole is over budget the least important
 * sections are dropped. Deterministic: same record, same text.
 */
export function describeTable(record: DescribeInput, budget = DESCRIPTION_BUDGET): string {
  const sections: Section[] = [
    { text: deprecation(record), priority: 0 },
    { text: headline(record), priority: 0 },
    { text: record.grain ? `Grain: ${cap(record.grain.statement, 200)}.` : '', priority: 1 },
    { text: joins(record), priority: 2 },
    { text: lineage(record), priority: 4 },
    { text: owners(record), priority: 3 },
    { text: usage(record), priority: 3 },
    { text: example(record), priority: 5 },
    { text: caveats(record), priority: 1 },
    { text: keyColumns(record), priority: 4 },
    { text: notes(record), priority: 3 },
  ].filter((s) => s.text !== '');
  const size = () => sections.reduce((n, s) => n + s.text.length + 1, -1);
  while (size() > budget && sections.length > 1) {
    let drop = sections.length - 1;
    for (let i = sections.length - 1; i >= 0; i--) if (sections[i].priority > sections[drop].priority) drop = i;
    sections.splice(drop, 1);
  }
  return cap(sections.map((s) => s.text).join('\n'), budget);
}

function deprecation(r: DescribeInput): string {
  if (!r.annotations?.deprecated) return '';
  return r.annotations.replacedBy ? `Deprecated: use ${r.annotations.replacedBy} instead.` : 'Deprecated: do not use for new work.';
}

function headline(r: DescribeInput): string {
  const what = `${r.kind} ${r.table}`;
  return r.summary ? `${what}: ${cap(oneLine(r.summary), 320)}` : `${what}.`;
}

function joins(r: DescribeInput): string {
  if (r.joinKeys.length === 0) return '';
  const keys = r.joinKeys
    .slice(0, 3)
    .map((k) => `${k.columns.join(', ')} = ${k.table}.${k.refColumns.length > 1 ? `(${k.refColumns.join(', ')})` : k.refColumns[0]}`);
  return `Join: ${keys.join('; ')}.`;
}

function lineage(r: DescribeInput): string {
  const parts: string[] = [];
  if (r.upstream.length) {
    const more = r.upstream.length > 5 ? ` (+${r.upstream.length - 5} more)` : '';
    parts.push(`Reads ${r.upstream.slice(0, 5).join(', ')}${more}.`);
  }
  if (r.downstream.length) parts.push(`Read by ${count(r.downstream.length, 'table')}.`);
  return parts.join(' ');
}

function owners(r: DescribeInput): string {
  if (r.owners.length === 0) return '';
  return `Owners: ${r.owners
    .slice(0, 2)
    .map((o) => `${o.id} (${o.kind})`)
    .join(', ')}.`;
}

function usage(r: DescribeInput): string {
  const u = r.usage;
  if (!u) return '';
  return `Usage: ${u.tier} tier, ${count(u.queries30d, 'query', 'queries')} in the last 30 days; ${count(u.distinctUsers, 'user')} over the whole log.`;
}

function example(r: DescribeInput): string {
  const sql = r.usage?.canonicalExamples[0]?.sql;
  return sql ? `Example: ${cap(sql, 250)}` : '';
}

function caveats(r: DescribeInput): string {
  const list = r.annotations?.caveats ?? [];
  if (list.length === 0) return '';
  return `Caveats: ${list
    .slice(0, 3)
    .map((c) => cap(oneLine(c), 150).replace(/\.$/, ''))
    .join('; ')}.`;
}

/** Agents search by column name: grain and join columns first, then a few described ones. */
function keyColumns(r: DescribeInput): string {
  const names = new Map<string, string>();
  const add = (name: string, note = '') => {
    if (!names.has(name.toLowerCase()) && names.size < 12) names.set(name.toLowerCase(), note ? `${name} (${cap(oneLine(note), 60)})` : name);
  };
  const described = new Map(r.columns.map((c) => [c.name.toLowerCase(), c.description ?? '']));
  for (const name of [...(r.grain?.columns ?? []), ...r.joinKeys.slice(0, 3).flatMap((k) => k.columns)]) {
    add(name, described.get(name.toLowerCase()));
  }
  for (const c of r.columns.filter((c) => c.description).slice(0, 5)) add(c.name, c.description);
  return names.size ? `Key columns: ${[...names.values()].join(', ')}.` : '';
}

function notes(r: DescribeInput): string {
  const a = r.annotations;
  if (!a) return '';
  const parts: string[] = [];
  if (a.criticality) parts.push(`Criticality: ${cap(a.criticality, 40)}.`);
  if (a.freshness) parts.push(`Freshness: ${cap(oneLine(a.freshness), 80)}.`);
  if (a.pii.length) parts.push(`PII: ${a.pii.slice(0, 8).join(', ')}.`);
  return parts.join(' ');
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const cap = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
