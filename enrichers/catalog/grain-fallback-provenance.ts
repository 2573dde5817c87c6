/**
 * A column saying which source system a row was loaded from (`data_source`,
 * `source_system`) is part of the key where the model lists it with the key: a claim id
 * is unique within one payer's feed, not across feeds. Models that mean it so put it
 * with the key columns, first in the select list or straight after the id (and its line
 * number); where it sits among the attributes further down, the id alone is as often the key.
 *
 * Measured over the practice corpora's tables the leading-id fallback keyed or nothing did
 * (docs/accuracy.md, sixth round): beside or before the key, right on 4 of 6 (tuva's claim
 * flags and pharmacy claims); anywhere in the list (the fourth round's variant) 31 of 81.
 * The union macros' `source_relation` is the caller's (grain-naming.ts unionDiscriminator).
 */

const PROVENANCE = /^(data_source|source_system)$/;

/** the select list without a provenance column that leads it, and that column */
export function leadingProvenance(lead: readonly string[]): { provenance?: string; rest: string[] } {
  return lead.length > 1 && PROVENANCE.test(lead[0]) ? { provenance: lead[0], rest: lead.slice(1) } : { rest: [...lead] };
}

/** a provenance column listed right after the key's columns, if any */
export function provenanceBeside(lead: readonly string[], keyLength: number): string | undefined {
  return lead.slice(0, keyLength + 1).find((c) => PROVENANCE.test(c));
}
