import { posix } from 'node:path';
import type { OwnerFact } from '../../schemas/facts.js';
import { namesTableFolder } from '../metadata/folder-table-facts.js';
import type { OwnerTable } from './owner-table.js';

/** A majority is inferred, so it stays below anything declared (0.9) and below a scheduler's owner (0.7). */
export const SIBLING_MAX_CONFIDENCE = 0.6;

interface Level {
  name: string;
  keys: (t: OwnerTable) => string[];
}

/**
 * Where a table's siblings are: the folder holding its definition (for a
 * folder-per-table tree, the dataset folder above the table's own folder), the DAG
 * that runs it, and its schema or dataset (the qualified name's prefix).
 */
const LEVELS: Level[] = [
  { name: 'folder', keys: (t) => (folderOf(t) ? [folderOf(t)!] : []) },
  { name: 'DAG', keys: (t) => dagsOf(t) },
  { name: 'dataset', keys: (t) => (t.id.includes('.') ? [t.id.slice(0, t.id.lastIndexOf('.'))] : []) },
];

export function folderOf(t: OwnerTable): string | undefined {
  const defining = t.files.find((f) => /\.(sql|py|scala)$/.test(f)) ?? t.files.find((f) => namesTableFolder(f)) ?? t.files[0];
  if (!defining) return undefined;
  const dir = posix.dirname(defining);
  // a folder-per-table table is alone in its folder: its siblings are the folders beside it
  const own = namesTableFolder(defining) || t.files.some((f) => posix.basename(f) === 'metadata.yaml' && posix.dirname(f) === dir);
  return own ? posix.dirname(dir) : dir;
}

export function dagsOf(t: OwnerTable): string[] {
  const out: string[] = [];
  for (const tag of t.tags) {
    const m = /^(?:dag:|airflow:dag=)(.+)$/.exec(tag);
    if (m && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

interface Tally {
  tables: number;
  counts: Map<string, { n: number; fact: OwnerFact }>;
  /** how many siblings the strictly most frequent owner has (0: a tie), read once per group */
  lead?: number;
}

function leadOf(tally: Tally): number {
  if (tally.lead === undefined) {
    const [first = 0, second = 0] = [...tally.counts.values()].map((c) => c.n).sort((a, b) => b - a);
    tally.lead = first > second ? first : 0;
  }
  return tally.lead;
}

/**
 * For tables that declare no owner: the owners declared most often among their
 * siblings. Confidence is 0.6 x the owner's share of the siblings that declare an
 * owner x n/(n+1) (one sibling is thin evidence), the best level per owner wins; at
 * most two owners. The most frequent owner answers even when it holds under a third of
 * a large, many-owner dataset (still the best guess there, and its low share keeps it
 * weak), unless another owner is as frequent (a tie says nothing); the runner-up is
 * kept only when it holds at least a third.
 * One pass to tally every group, one to read them: linear in the catalog.
 */
export function siblingMajorityOwners(tables: OwnerTable[]): Map<string, OwnerFact[]> {
  const tallies = LEVELS.map(() => new Map<string, Tally>());
  for (const t of tables) {
    if (!t.declared.length) continue;
    const ids = new Map(t.declared.map((o) => [o.id.toLowerCase(), o]));
    LEVELS.forEach((level, i) => {
      for (const key of level.keys(t)) {
        let tally = tallies[i].get(key);
        if (!tally) tallies[i].set(key, (tally = { tables: 0, counts: new Map() }));
        tally.tables++;
        for (const [id, fact] of ids) {
          const c = tally.counts.get(id);
          if (c) c.n++;
          else tally.counts.set(id, { n: 1, fact });
        }
      }
    });
  }
  const out = new Map<string, OwnerFact[]>();
  for (const t of tables) {
    if (t.declared.length) continue;
    const best = new Map<string, OwnerFact>();
    LEVELS.forEach((level, i) => {
      for (const key of level.keys(t)) {
        const tally = tallies[i].get(key);
        if (!tally) continue;
        const lead = leadOf(tally);
        for (const [id, c] of tally.counts) {
          const share = c.n / tally.tables;
          if (share < 1 / 3 && c.n !== lead) continue;
          const confidence = round(SIBLING_MAX_CONFIDENCE * share * (tally.tables / (tally.tables + 1)));
          if ((best.get(id)?.confidence ?? -1) >= confidence) continue;
          best.set(id, {
            id: c.fact.id,
            kind: c.fact.kind,
            source: 'heuristic',
            confidence,
            file: c.fact.file,
            line: c.fact.line,
            detail: `declared by ${c.n} of ${tally.tables} sibling tables in the same ${level.name} (${key})`,
          });
        }
      }
    });
    const owners = [...best.values()].sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id)).slice(0, 2);
    if (owners.length) out.set(t.id, owners);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
