import { maskPersonalData } from '../model/redact.js';
import { displaySql } from './normalize-sql.js';
import { usageTierRank, type UsageTier } from './tiers.js';

interface Candidate {
  sql: string;
  tier: UsageTier;
  count: number;
}

/**
 * The best example queries of one table, keyed by normalized SQL. Bounded: when full,
 * a more trusted query evicts the least trusted, least frequent candidate; an equally
 * trusted one replaces it Space-Saving style (inherits its count), a less trusted one is dropped.
 */
export class CanonicalExamples {
  private readonly byKey = new Map<string, Candidate>();

  constructor(private readonly capacity = 16) {}

  add(normalized: string, sql: string, tier: UsageTier): void {
    const hit = this.byKey.get(normalized);
    if (hit) {
      hit.count++;
      if (usageTierRank(tier) < usageTierRank(hit.tier)) hit.tier = tier;
      return;
    }
    let count = 1;
    if (this.byKey.size >= this.capacity) {
      const [worstKey, worst] = this.worst();
      const cmp = usageTierRank(tier) - usageTierRank(worst.tier);
      if (cmp > 0) return;
      this.byKey.delete(worstKey);
      if (cmp === 0) count = worst.count + 1;
    }
    // examples are shown to every agent: no credentials or personal data in their literals
    this.byKey.set(normalized, { sql: maskPersonalData(displaySql(sql)), tier, count });
  }

  /** Most trusted first, then most frequent, then by text for determinism. */
  top(n: number): Candidate[] {
    return [...this.byKey.values()].sort(compare).slice(0, n).map((c) => ({ ...c }));
  }

  private worst(): [string, Candidate] {
    let worst: [string, Candidate] | undefined;
    for (const entry of this.byKey) if (!worst || compare(entry[1], worst[1]) > 0) worst = entry;
    return worst!;
  }
}

function compare(a: Candidate, b: Candidate): number {
  return usageTierRank(a.tier) - usageTierRank(b.tier) || b.count - a.count || (a.sql < b.sql ? -1 : a.sql > b.sql ? 1 : 0);
}
