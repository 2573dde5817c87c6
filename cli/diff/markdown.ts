import type { Violation } from './rules.js';
import type { DiffReport, TableChange } from './table-change.js';

/** Lets a CI step find and update its earlier comment instead of adding another. */
export const COMMENT_MARKER = '<!-- grainline-diff -->';

/** GitHub refuses comments over 65,536 characters; this leaves room for the cut notice. */
export const MAX_COMMENT_CHARS = 64_000;

/**
 * A pull-request comment that reads top-down: a summary (what changed, what it reaches,
 * which checks failed), then one section per table, most severe first, cut to fit a
 * GitHub comment with a line saying what was left out (`--format json` is complete).
 */
export function renderMarkdown(report: DiffReport, failed: Violation[] = [], maxChars = MAX_COMMENT_CHARS): string {
  const n = report.tables.length;
  const title = n ? `${n} table${n === 1 ? '' : 's'} change${n === 1 ? 's' : ''} meaning` : 'no table descriptions change';
  const head = [COMMENT_MARKER, `### Grainline: ${title}`, '', `${snap(report.base)} → ${snap(report.head)}`];
  if (n) head.push('', ...summary(report.tables, failed));
  const tables = [...report.tables].sort((a, b) => severity(b) - severity(a) || a.table.localeCompare(b.table));
  const sections = tables.map((c) => ['', ...tableSection(c)].join('\n'));
  const tail = failed.length ? ['', '**Failed checks**', '', ...failed.map((v) => `- ❌ \`${v.rule}\` on \`${v.table}\`: ${v.detail}`)].join('\n') : '';
  let out = head.join('\n');
  let shown = 0;
  const notice = (left: number) => `\n\n_… ${left} more table${left === 1 ? '' : 's'} not shown here, to fit a comment: \`grainline diff --format json\` has them all._`;
  for (const s of sections) {
    if (out.length + s.length + tail.length + notice(sections.length).length > maxChars) break;
    out += s;
    shown++;
  }
  if (shown < sections.length) out += notice(sections.length - shown);
  return `${out}${tail}\n`;
}

function summary(tables: TableChange[], failed: Violation[]): string[] {
  const changed = new Set(tables.map((c) => c.id));
  const readers = new Set(tables.flatMap((c) => c.readers?.tables ?? []).filter((t) => !changed.has(t)));
  const consumers = [...new Set(tables.flatMap((c) => c.readers?.consumers ?? []))].sort();
  const count = (status: TableChange['status']) => tables.filter((c) => c.status === status).length;
  const parts = [`${count('changed')} changed`, `${count('added')} added`, `${count('removed')} removed`].filter((p) => !p.startsWith('0 '));
  const out = [`- **Tables:** ${parts.join(', ')}`];
  out.push(`- **Downstream tables affected:** ${readers.size}${readers.size ? ` (${[...readers].sort().slice(0, 10).map((t) => `\`${t}\``).join(', ')}${readers.size > 10 ? ', …' : ''})` : ''}`);
  if (consumers.length) out.push(`- **Exposures and dashboards affected:** ${consumers.slice(0, 10).map((c) => `\`${c}\``).join(', ')}${consumers.length > 10 ? ', …' : ''}`);
  const rules = [...new Set(failed.map((v) => v.rule))];
  out.push(`- **Checks:** ${rules.length ? rules.map((r) => `❌ \`${r}\``).join(', ') : 'none failed'}`);
  return out;
}

/** What a reviewer must see first: broken things, then changed meaning, then additions. */
function severity(c: TableChange): number {
  if (c.status === 'removed') return 6;
  if (c.missingUpstream.length || c.columns?.breaking.length) return 5;
  if (c.grainMismatch || (c.status === 'changed' && c.grain)) return 4;
  if (c.joinKeys.removed.length || c.upstream.removed.length) return 3;
  if (c.owners.removed.length || c.owners.primary) return 2;
  if (c.status === 'changed') return 1;
  return 0;
}

function snap(s: DiffReport['base']): string {
  const id = /^[0-9a-f]{40}$/.test(s.id) ? s.id.slice(0, 7) : s.id;
  return s.ref === id ? `\`${id}\`` : `\`${s.ref}\` (${id})`;
}

function tableSection(c: TableChange): string[] {
  const out = [`#### \`${c.table}\` · ${c.kind} · ${c.status}`];
  if (c.status === 'removed') return out;
  const list = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');
  const item = (label: string, xs: string[]) => (xs.length ? [`- **${label}:** ${list(xs)}`] : []);
  if (c.grain) {
    out.push(c.status === 'added' ? `- **Grain:** ${c.grain.after ?? 'unknown'}` : `- **Grain:** ${c.grain.before ?? 'unknown'} → **${c.grain.after ?? 'unknown'}**`);
  }
  if (c.grainMismatch) {
    out.push(`- ⚠️ **Grain mismatch:** declared [${c.grainMismatch.declared.join(', ')}], the SQL now produces one row per [${c.grainMismatch.actual.join(', ')}]`);
  }
  for (const b of c.columns?.breaking ?? []) {
    out.push(`- ⚠️ **Breaks a reader:** \`${b.reader}.${b.readerColumn}\` still reads \`${b.column}\`${b.file ? ` (${b.file}${b.line ? `:${b.line}` : ''})` : ''}`);
  }
  if (c.columns) {
    out.push(...item('Columns added', c.columns.added));
    out.push(...item('Columns removed', c.columns.removed));
    if (c.columns.renamed.length) out.push(`- **Columns renamed:** ${c.columns.renamed.map((r) => `\`${r.from}\` → \`${r.to}\``).join(', ')}`);
    if (c.columns.retyped.length) out.push(`- **Columns retyped:** ${c.columns.retyped.map((r) => `\`${r.column}\` ${r.from} → ${r.to}`).join(', ')}`);
  }
  out.push(...item(c.status === 'added' ? 'Reads' : 'Upstream added', c.upstream.added));
  out.push(...item('Upstream removed', c.upstream.removed));
  out.push(...item('⚠️ Reads tables no longer defined', c.missingUpstream));
  out.push(...item('Join keys added', c.joinKeys.added));
  out.push(...item('Join keys removed', c.joinKeys.removed));
  out.push(...item(c.status === 'added' ? 'Owners' : 'Owners added', c.owners.added));
  out.push(...item('Owners removed', c.owners.removed));
  if (c.owners.primary) out.push(`- **Primary owner:** ${c.owners.primary.before ?? 'none'} → **${c.owners.primary.after ?? 'none'}**`);
  for (const x of c.conflicts) out.push(`- **New conflict:** ${x}`);
  if (c.inferredOwner) {
    out.push('', '<details><summary>Inferred owner</summary>', '', `${c.inferredOwner.before ?? 'none'} → ${c.inferredOwner.after ?? 'none'} (from git history or nearby tables; nothing declared changed)`, '', '</details>');
  }
  if (c.description) {
    const body = c.description.diff.map((l) => `${l.op}${l.text}`).join('\n');
    const fence = body.includes('```') ? '````' : '```';
    out.push('', '<details><summary>Description</summary>', '', `${fence}diff`, body, fence, '', '</details>');
  }
  return out;
}
