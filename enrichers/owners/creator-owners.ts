import type { OwnerFact } from '../../schemas/facts.js';
import { isBotAuthor } from './git-history.js';
import type { GitHistory } from './git-log.js';
import type { OwnerTable } from './owner-table.js';

/** An inference like a DAG's owner: below anything declared (0.9), scaled by its track record. */
export const CREATOR_MAX_CONFIDENCE = 0.7;
/** A commit creating more files than this is a sweep (an import, a generator, a move): it names no creator. */
const BULK_FILES = 100;

/**
 * Whoever creates a table often declares themselves its owner. The repo itself says how
 * often: over the tables that declare an owner, each creator's tables are tallied by the
 * owner they declare, which also maps the git identity (a work address, a noreply
 * handle, a display name) onto the id the repo writes. A table that declares nothing
 * gets the owner its creator's other tables most often declare, at 0.7 x that owner's
 * share of them x n/(n+1); a tie says nothing. The creator is the author of the oldest
 * commit touching the table's code files (bots and sweeping commits name nobody). Git alone,
 * with no declaration to calibrate it, still only ranks authors (git-history.ts), last.
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
  const tallies = new Map<number, { tables: number; counts: Map<string, { n: number; fact: OwnerFact }> }>();
  const orphans: [OwnerTable, { author: number; time: number }][] = [];
  for (const t of tables) {
    const made = creatorOf(t);
    if (!made) continue;
    if (!t.declared.length) {
      orphans.push([t, made]);
      continue;
    }
    const tally = tallies.get(made.author) ?? { tables: 0, counts: new Map() };
    tally.tables++;
    for (const o of new Map(t.declared.map((d) => [d.id.toLowerCase(), d])).values()) {
      const c = tally.counts.get(o.id.toLowerCase());
      if (c) c.n++;
      else tally.counts.set(o.id.toLowerCase(), { n: 1, fact: o });
    }
    tallies.set(made.author, tally);
  }
  // each creator's leading owner, read once (undefined: a tie or nothing declared)
  const leads = new Map<number, { fact: OwnerFact; n: number; confidence: number } | undefined>();
  const leadOf = (author: number) => {
    if (leads.has(author)) return leads.get(author);
    const tally = tallies.get(author);
    const [first, second] = tally ? [...tally.counts.values()].sort((a, b) => b.n - a.n) : [];
    const lead =
      tally && first && first.n !== second?.n
        ? { ...first, confidence: Math.round(CREATOR_MAX_CONFIDENCE * (first.n / tally.tables) * (tally.tables / (tally.tables + 1)) * 1000) / 1000 }
        : undefined;
    leads.set(author, lead);
    return lead;
  };
  const out = new Map<string, OwnerFact[]>();
  for (const [t, made] of orphans) {
    const lead = leadOf(made.author);
    if (!lead) continue;
    const { fact: first, confidence } = lead;
    const tally = tallies.get(made.author)!;
    const who = history.authors[made.author].id;
    out.set(t.id, [
      {
        id: first.id,
        kind: first.kind,
        source: 'heuristic',
        confidence,
        file: first.file,
        line: first.line,
        detail: `declared by ${lead.n} of the ${tally.tables} tables ${who} created, who created this one (${new Date(made.time).toISOString().slice(0, 10)})`,
      },
    ]);
  }
  return out;
}
