import { TIER_RANK, tierOf, type Source } from '../../schemas/facts.js';
import type { Conflict } from '../../schemas/table-record.js';

/** One source's value for a field, before the merge picks a winner. */
export interface Candidate<T> {
  value: T;
  source: Source;
  confidence: number;
  detail?: string;
  file?: string;
  line?: number;
}

/** Higher tier first, then higher confidence; input order breaks ties (stable sort). */
export function byPrecedence<T extends { source: Source; confidence: number }>(a: T, b: T): number {
  return TIER_RANK[tierOf(a.source)] - TIER_RANK[tierOf(b.source)] || b.confidence - a.confidence;
}

/**
 * As `byPrecedence`, but a guess from names or a failed parse (`heuristic`) ranks below
 * the coding model, which read the code: for facts where a guess is all static analysis has.
 */
export function guessesAfterModel<T extends { source: Source; confidence: number }>(a: T, b: T): number {
  const rank = (c: T) => (c.source === 'heuristic' ? TIER_RANK.model + 0.5 : TIER_RANK[tierOf(c.source)]);
  return rank(a) - rank(b) || b.confidence - a.confidence;
}

/**
 * The winning candidate of a field and a conflict for every other candidate whose value
 * disagrees with it (`same` decides agreement); each disagreeing value and source once.
 */
export function pickWinner<T>(
  field: string,
  candidates: Candidate<T>[],
  same: (a: T, b: T) => boolean,
  show: (value: T) => unknown = (v) => v,
  order: (a: Candidate<T>, b: Candidate<T>) => number = byPrecedence,
): { winner: Candidate<T> | undefined; conflicts: Conflict[] } {
  const ranked = [...candidates].sort(order);
  const winner = ranked[0];
  const conflicts: Conflict[] = [];
  if (!winner) return { winner, conflicts };
  const reported: Candidate<T>[] = [];
  for (const loser of ranked.slice(1)) {
    if (same(loser.value, winner.value)) continue;
    if (reported.some((r) => r.source === loser.source && same(r.value, loser.value))) continue;
    reported.push(loser);
    conflicts.push({
      field,
      winner: { value: show(winner.value), source: winner.source },
      loser: { value: show(loser.value), source: loser.source },
    });
  }
  return { winner, conflicts };
}

/** Texts agree when they differ only in case, whitespace and final punctuation. */
export const sameText = (a: string, b: string): boolean => squash(a) === squash(b);
const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').replace(/[.\s]+$/, '').trim();

/** Column lists agree as sets, case-insensitively. */
export const sameColumns = (a: readonly string[], b: readonly string[]): boolean => {
  const key = (cols: readonly string[]) => [...new Set(cols.map((c) => c.toLowerCase()))].sort().join(',');
  return key(a) === key(b);
};

/** Drops undefined properties so records compare and serialize cleanly. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
