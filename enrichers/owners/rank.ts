import { type OwnerFact, type Source, TIER_RANK, tierOf } from '../../schemas/facts.js';

/**
 * Order within the declared tier. Metadata files and dbt meta name the owner of this
 * one table; a CODEOWNERS rule names whoever owns a path, often a whole folder of
 * tables; an Airflow `default_args.owner` is frequently a placeholder ("airflow",
 * "data-eng") copied across DAGs. So the more specific the declaration, the earlier.
 */
const DECLARED_ORDER: Partial<Record<Source, number>> = {
  'metadata-yaml': 0,
  'dbt-yaml': 0,
  manifest: 0,
  ddl: 0,
  codeowners: 1,
  airflow: 2,
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
    const [best, ...rest] = [...group].sort(compareFacts);
    const others = [...new Set(rest.map((f) => f.source))].filter((s) => s !== best.source);
    if (others.length === 0) return best;
    const also = `also ${others.join(', ')}`;
    return { ...best, detail: best.detail ? `${best.detail}; ${also}` : also };
  });
  return merged.sort(compareFacts);
}

function compareFacts(a: OwnerFact, b: OwnerFact): number {
  return (
    TIER_RANK[tierOf(a.source)] - TIER_RANK[tierOf(b.source)] ||
    (DECLARED_ORDER[a.source] ?? 0) - (DECLARED_ORDER[b.source] ?? 0) ||
    b.confidence - a.confidence ||
    a.id.localeCompare(b.id) ||
    a.source.localeCompare(b.source)
  );
}
