import type { Evidence, OwnerFact } from '../../schemas/facts.js';

/**
 * Classifies a declared owner. Emails and `@user` handles are people; `@org/team`
 * handles and names mentioning a team or squad are teams. Bare names default to
 * people because that is what dbt `meta.owner` holds most often.
 */
export function ownerKind(raw: string): OwnerFact['kind'] {
  const id = raw.trim();
  if (/^@[^/\s]+\/\S+$/.test(id)) return 'team';
  if (/team|squad/i.test(id)) return 'team';
  return 'user';
}

export function ownerFacts(raw: unknown, evidence: Evidence): OwnerFact[] {
  const values = Array.isArray(raw) ? raw : [raw];
  const out: OwnerFact[] = [];
  for (const v of values) {
    const id = typeof v === 'string' ? v.trim() : ownerFromObject(v);
    if (id) out.push({ ...evidence, id, kind: ownerKind(id) });
  }
  return out;
}

// exposures and some metadata files write owners as {name, email}
function ownerFromObject(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const pick = o.email ?? o.name ?? o.id;
  return typeof pick === 'string' && pick.trim() ? pick.trim() : undefined;
}
