import type { OwnerFact } from '../../schemas/facts.js';
import type { PyValue } from './values.js';

/** Airflow's default owner and similar catch-alls name nobody in particular. */
const PLACEHOLDER_OWNERS = new Set(['airflow', 'data', 'admin', 'root', 'owner', 'unknown', 'none', 'default', 'nobody', 'user', 'system', 'tbd', 'todo']);

const TEAM_WORDS = /(^|[-_.\s])(team|eng|engineering|platform|analytics|ops|squad|guild|group|infra|data|bi|ml)($|[-_.\s])/i;

/** OwnerFacts from an Airflow `owner` (comma-separated allowed) and `email` (string or list). */
export function airflowOwners(owner: PyValue, email: PyValue, at: { file: string; line: number }, via: string): OwnerFact[] {
  const facts: OwnerFact[] = [];
  // who runs the DAG, not a declaration about each table it writes: below table-level declarations (0.9+)
  const base = { source: 'airflow' as const, confidence: 0.7, file: at.file, line: at.line };
  for (const id of splitList(owner)) {
    if (PLACEHOLDER_OWNERS.has(id.toLowerCase())) continue;
    facts.push({ ...base, id, kind: ownerKind(id), detail: `${via}.owner` });
  }
  for (const id of splitList(email)) if (id.includes('@')) facts.push({ ...base, id: id.toLowerCase(), kind: 'user', detail: `${via}.email` });
  return facts;
}

function splitList(value: PyValue): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** An address is a person; hyphenated names with team-ish words (`data-platform`, `growth-analytics`) are teams. */
function ownerKind(id: string): 'user' | 'team' {
  if (id.includes('@')) return 'user';
  return TEAM_WORDS.test(id) || id.startsWith('@') ? 'team' : 'user';
}

/** A DAG's `email` list beside an `owner` is who gets its alerts: kept, at half the owner's weight. */
export const RECIPIENT_WEIGHT = 0.5;

/**
 * One fact per id, the DAG's `owner` first; `email` addresses other than the owner's
 * rank below it (alert lists add on-call aliases and colleagues, and at equal weight
 * the alphabetically first address would speak for the DAG). With no `owner`, the
 * addresses are all there is and keep their weight.
 */
export function ownerBeforeRecipients(owners: OwnerFact[]): OwnerFact[] {
  const unique = owners.filter((o, i, all) => all.findIndex((p) => p.id.toLowerCase() === o.id.toLowerCase()) === i);
  const hasOwner = unique.some((o) => o.detail?.endsWith('.owner'));
  return unique.map((o) => (hasOwner && o.detail?.endsWith('.email') ? { ...o, confidence: Math.round(o.confidence * RECIPIENT_WEIGHT * 1000) / 1000 } : o));
}
