import type { Annotation } from '../../schemas/annotation.js';
import { tierOf, type OwnerFact } from '../../schemas/facts.js';
import type { Conflict } from '../../schemas/table-record.js';
import { compareOwners } from '../owners/rank.js';

/** `@Org/Team` and `org/team` are the same owner. */
export const ownerKey = (id: string): string => id.trim().replace(/^@/, '').toLowerCase();

/**
 * Owners from every source, one per id (its best evidence), ranked by tier, then how
 * specific the declaration is, then confidence (see compareOwners). The top tier's owners are the answer; an owner only a lower tier names
 * disagrees with it and is kept as a conflict (and still listed, ranked below).
 */
export function mergeOwners(
  candidates: OwnerFact[],
  annotation: Annotation | null | undefined,
): { owners: OwnerFact[]; conflicts: Conflict[] } {
  const annotated: OwnerFact[] = (annotation?.owners ?? []).map((o) => ({
    id: o.id,
    kind: o.kind,
    source: 'annotation',
    confidence: 1,
    file: annotation!.file,
    line: annotation!.line,
  }));
  const best = new Map<string, OwnerFact>();
  for (const owner of [...annotated, ...candidates].sort(compareOwners)) {
    const key = ownerKey(owner.id);
    if (!best.has(key)) best.set(key, owner);
  }
  const owners = [...best.values()];
  const conflicts: Conflict[] = [];
  if (owners.length === 0) return { owners, conflicts };
  const topTier = tierOf(owners[0].source);
  const winners = owners.filter((o) => tierOf(o.source) === topTier);
  for (const loser of owners.filter((o) => tierOf(o.source) !== topTier)) {
    conflicts.push({
      field: 'owners',
      winner: { value: winners.map((o) => o.id), source: winners[0].source },
      loser: { value: loser.id, source: loser.source },
    });
  }
  return { owners, conflicts };
}
