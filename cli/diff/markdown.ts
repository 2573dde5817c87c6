import type { Violation } from './rules.js';
import type { DiffReport, TableChange } from './table-change.js';

/** Lets a CI step find and update its earlier comment instead of adding another. */
export const COMMENT_MARKER = '<!-- grainline-diff -->';

/** A pull-request comment: one section per table that changes meaning, then failed checks. */
export function renderMarkdown(report: DiffReport, failed: Violation[] = []): string {
  const n = report.tables.length;
  const title = n ? `${n} table${n === 1 ? '' : 's'} change${n === 1 ? 's' : ''} meaning` : 'no table descriptions change';
  const out = [COMMENT_MARKER, `### Grainline: ${title}`, '', `${snap(report.base)} → ${snap(report.head)}`];
  for (const c of report.tables) out.push('', ...tableSection(c));
  if (failed.length) {
    out.push('', '**Failed checks**', '');
    for (const v of failed) out.push(`- ❌ \`${v.rule}\` on \`${v.table}\`: ${v.detail}`);
  }
  return out.join('\n') + '\n';
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
