import { UserError } from '../../infra/errors.js';
import type { TableChange } from './table-change.js';

/** What each --fail-on rule means; the CLI help lists these. */
export const RULES = {
  'owner-removed': 'a table keeps existing but loses an owner',
  'grain-changed': 'a table that had a known grain now has another (or none)',
  'grain-mismatch': "a table's SQL no longer produces the grain its tests, constraints or annotations declare",
  'column-removed': 'a table that exists on both sides loses or renames a column',
  'breaking-column': 'a downstream table still reads a column that was removed or renamed',
  'upstream-missing': 'a table reads a table that was defined at base and is defined nowhere now',
  'table-removed': 'a table defined at base is no longer defined',
  'lineage-changed': 'a table that exists on both sides gains or loses an upstream edge',
} as const;
export type Rule = keyof typeof RULES;

export interface Violation {
  rule: Rule;
  table: string;
  detail: string;
}

export function parseRules(list: string | undefined): Rule[] {
  if (!list) return [];
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(n in RULES)) throw new UserError(`unknown --fail-on rule '${n}' (known: ${Object.keys(RULES).join(', ')})`);
  return [...new Set(names)] as Rule[];
}

const CHECKS: Record<Rule, (c: TableChange) => string | null> = {
  'owner-removed': (c) => (c.status === 'changed' && c.owners.removed.length ? `lost ${c.owners.removed.join(', ')}` : null),
  'grain-changed': (c) => (c.status === 'changed' && c.grain?.before ? `${c.grain.before} → ${c.grain.after ?? 'unknown'}` : null),
  'grain-mismatch': (c) =>
    c.grainMismatch ? `declared [${c.grainMismatch.declared.join(', ')}], the SQL now produces one row per [${c.grainMismatch.actual.join(', ')}]` : null,
  'column-removed': (c) => {
    const gone = [...(c.columns?.removed ?? []), ...(c.columns?.renamed ?? []).map((r) => `${r.from} (now ${r.to})`)];
    return c.status === 'changed' && gone.length ? `lost ${gone.join(', ')}` : null;
  },
  'breaking-column': (c) =>
    c.columns?.breaking.length
      ? c.columns.breaking.map((b) => `${b.reader}.${b.readerColumn} still reads ${b.column}${b.file ? ` (${b.file}${b.line ? `:${b.line}` : ''})` : ''}`).join('; ')
      : null,
  'upstream-missing': (c) => (c.missingUpstream.length ? `reads ${c.missingUpstream.join(', ')}` : null),
  'table-removed': (c) => (c.status === 'removed' ? 'removed' : null),
  'lineage-changed': (c) => {
    if (c.status !== 'changed') return null;
    const edges = [...c.upstream.added.map((u) => `+${u}`), ...c.upstream.removed.map((u) => `-${u}`)];
    return edges.length ? `upstream ${edges.join(', ')}` : null;
  },
};

export function violations(changes: TableChange[], rules: Rule[]): Violation[] {
  const out: Violation[] = [];
  for (const rule of rules) {
    for (const c of changes) {
      const detail = CHECKS[rule](c);
      if (detail) out.push({ rule, table: c.table, detail });
    }
  }
  return out;
}
