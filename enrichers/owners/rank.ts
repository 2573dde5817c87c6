import { type OwnerFact, type Source, TIER_RANK, tierOf } from '../../schemas/facts.js';

/**
 * Order within the declared tier: the more specific the declaration, the earlier.
 * Metadata files and dbt meta name the owner of this one table; an Airflow owner names
 * who runs this DAG (placeholders like "airflow" never become facts); a CODEOWNERS rule
 * names who reviews a path, often a whole folder of pipelines.
 */
const DECLARED_ORDER: Partial<Record<Source, number>> = {
  'metadata-yaml': 0,
  'dbt-yaml': 0,
  manifest: 0,
  ddl: 0,
  airflow: 1,
  codeowners: 2,
  // in the static tier: owners inferred from neighbouring declarations first, git history
  // alone last whatever its score (who committed is the weakest sign of who owns)
  heuristic: 0,
  git: 9,
};

/**
 * Ranks owners from every source, best first. The same id (case-insensitively) said
 * by several sources becomes one fact: the strongest one, with the corroborating
 * sources named in its detail so provenance is not lost. `@alice` and
 * `alice@acme.com` may be one person, but nothing here can prove it, so both stay.
 */
export function rankOwners(facts: OwnerFact[]): OwnerFact[] {
  const byId = new Map<string, OwnerFact[]>();
  for (const f of facts) {
    const id = f.id.trim().toLowerCase();
    if (!id) continue;
    byId.set(id, [...(byId.get(id) ?? []), f]);
  }
  const merged = [...byId.values()].map((group) => {
    const [best, ...rest] = [...group].sort(compareOwners);
    const others = [...new Set(rest.map((f) => f.source))].filter((s) => s !== best.source);
    if (others.length === 0) return best;
    const also = `also ${others.join(', ')}`;
    return { ...best, detail: best.detail ? `${best.detail}; ${also}` : also };
  });
  return merged.sort(compareOwners);
}

/** Tier, then specificity within the tier (git last), then confidence; ties by id for stable output. */
export function compareOwners(a: OwnerFact, b: OwnerFact): number {
  return (
    TIER_RANK[tierOf(a.source)] - TIER_RANK[tierOf(b.source)] ||
    (DECLARED_ORDER[a.source] ?? 0) - (DECLARED_ORDER[b.source] ?? 0) ||
    b.confidence - a.confidence ||
    a.id.localeCompare(b.id) ||
    a.source.localeCompare(b.source)
  );
}
