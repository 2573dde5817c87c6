import type { OwnerFact } from '../../schemas/facts.js';
import { isBotAuthor } from './git-history.js';
import type { GitHistory } from './git-log.js';
import type { OwnerTable } from './owner-table.js';

/** An inference like a DAG's owner: below anything declared (0.9), scaled by its track record. */
export const CREATOR_MAX_CONFIDENCE = 0.7;
/** A commit creating more files than this is a sweep (an import, a generator, a move): it names no creator. */
const BULK_FILES = 100;

/** How many of a creator's declaring tables, the nearest in creation time, speak for a new one. */
export const NEAREST_CREATIONS = 5;

interface Made {
  time: number;
  owners: OwnerFact[];
}

/**
 * Whoever creates a table often declares themselves its owner. The repo itself says how
 * often, and in which spelling: each creator's tables that declare an owner are kept in
 * creation order, which maps the git identity (a work address, a noreply handle, a
 * display name) onto the id the repo writes. A table that declares nothing gets the
 * owner most often declared by the creator's five tables created nearest in time to it
 * (the spelling a person is declared by drifts, and people hand work over), at 0.7 x
 * that owner's share of those five x n/(n+1) for n declaring tables; a tie goes to the
 * nearest. The creator is the author of the oldest commit touching the table's code
 * files (bots and sweeping commits name nobody). Git alone, with no declaration to
 * calibrate it, still only ranks authors (git-history.ts), last.
 * Sorting once per creator and a binary search per table: n log n in the catalog.
 */
export function creatorOwners(tables: OwnerTable[], history: GitHistory): Map<string, OwnerFact[]> {
  const bots = history.authors.map(isBotAuthor);
  const creatorOf = (t: OwnerTable): { author: number; time: number } | undefined => {
    let oldest: { author: number; time: number; files: number } | undefined;
    // a dbt model's properties file is often shared by a folder of models: the code file says who made this one
    const code = t.files.filter((f) => /\.(sql|py|scala)$/.test(f));
    for (const f of code.length ? code : t.files) {
      const list = history.byFile.get(f);
      const c = list?.length ? history.commits[list[list.length - 1]] : undefined;
      if (c && (!oldest || c.time < oldest.time)) oldest = { author: c.author, time: c.time, files: c.fileCount };
    }
    return oldest && !bots[oldest.author] && oldest.files <= BULK_FILES ? oldest : undefined;
  };
  const byCreator = new Map<number, Made[]>();
  const orphans: [OwnerTable, { author: number; time: number }][] = [];
  for (const t of tables) {
    const made = creatorOf(t);
    if (!made) continue;
    if (!t.declared.length) orphans.push([t, made]);
    else {
      const owners = [...new Map(t.declared.map((d) => [d.id.toLowerCase(), d])).values()];
      byCreator.set(made.author, [...(byCreator.get(made.author) ?? []), { time: made.time, owners }]);
    }
  }
  for (const list of byCreator.values()) list.sort((a, b) => a.time - b.time);
  const out = new Map<string, OwnerFact[]>();
  for (const [t, made] of orphans) {
    const list = byCreator.get(made.author);
    if (!list) continue;
    const near = nearest(list, made.time, NEAREST_CREATIONS);
    const counts = new Map<string, { n: number; fact: OwnerFact; rank: number }>();
    near.forEach((m, rank) => {
      for (const o of m.owners) {
        const c = counts.get(o.id.toLowerCase());
        if (c) c.n++;
        else counts.set(o.id.toLowerCase(), { n: 1, fact: o, rank });
      }
    });
    const lead = [...counts.values()].sort((a, b) => b.n - a.n || a.rank - b.rank)[0];
    const confidence = Math.round(CREATOR_MAX_CONFIDENCE * (lead.n / near.length) * (list.length / (list.length + 1)) * 1000) / 1000;
    out.set(t.id, [
      {
        id: lead.fact.id,
        kind: lead.fact.kind,
        source: 'heuristic',
        confidence,
        file: lead.fact.file,
        line: lead.fact.line,
        detail: `declared by ${lead.n} of the ${near.length} tables created nearest in time by ${history.authors[made.author].id}, who created this one (${new Date(made.time).toISOString().slice(0, 10)}; ${list.length} of theirs declare an owner)`,
      },
    ]);
  }
  return out;
}

/** The k entries of a time-sorted list nearest to `time`, nearest first. */
function nearest(list: Made[], time: number, k: number): Made[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].time < time) lo = mid + 1;
    else hi = mid;
  }
  const out: Made[] = [];
  let left = lo - 1;
  let right = lo;
  while (out.length < k && (left >= 0 || right < list.length)) {
    const takeLeft = right >= list.length || (left >= 0 && time - list[left].time <= list[right].time - time);
    out.push(takeLeft ? list[left--] : list[right++]);
  }
  return out;
}
