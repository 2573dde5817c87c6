import type { OwnerFact, TableFact } from '../../schemas/facts.js';
import { compareOwners } from './rank.js';

/**
 * One table's owner evidence as the crawl hands it to the merge: what CODEOWNERS
 * declares for its files, what was inferred from the tables and DAGs around it
 * (see infer-owners.ts), and who committed to its files. Each source becomes its own
 * owner-only fact, so the merge ranks them by tier and confidence (merge/owners.ts).
 */
export interface TableOwnerEvidence {
  codeowners: OwnerFact[];
  inferred: OwnerFact[];
  git: OwnerFact[];
}

export function assembleOwners(id: string, evidence: TableOwnerEvidence): { facts: TableFact[]; ownerKey: string } {
  const declared = dedupeOwners(evidence.codeowners);
  // several inferences may name one owner: the strongest stands for it
  const inferred = dedupeOwners([...evidence.inferred].sort(compareOwners));
  // Owner identities, not git scores, feed the fingerprint: scores drift with time.
  const ownerKey = [...declared, ...inferred, ...evidence.git.slice(0, 3)].map((o) => o.id).join(',');
  const facts = [declared, inferred, evidence.git].filter((o) => o.length).map((o) => ownerOnlyFact(id, o));
  return { facts, ownerKey };
}

/** A fact that says only who owns `name`; it defines nothing. */
export function ownerOnlyFact(name: string, owners: OwnerFact[]): TableFact {
  return { name, defines: false, aliases: [], upstream: [], columns: [], grain: [], joinKeys: [], owners, descriptions: [], consumers: [], tags: [] };
}

/** First occurrence wins, ids compared case-insensitively (callers list their best evidence first). */
export function dedupeOwners(owners: OwnerFact[]): OwnerFact[] {
  const seen = new Map<string, OwnerFact>();
  for (const o of owners) if (!seen.has(o.id.toLowerCase())) seen.set(o.id.toLowerCase(), o);
  return [...seen.values()];
}
