import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { TableFact } from '../../schemas/facts.js';
import type { TableRecord } from '../../schemas/table-record.js';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import { catalogAt, type RefCatalog } from './catalog-at.js';
import { compareSnapshots } from './compare.js';
import type { DiffReport } from './table-change.js';

export interface RefsDiffOptions {
  repo: string;
  base: string;
  head: string;
  /** model facts for the selected tables of one side (`--model`); none by default */
  modelFacts?: (side: RefCatalog, ids: string[]) => Promise<Map<string, TableFact>>;
  /** progress lines (stderr in the CLI): each stage, once a side has more than a few hundred tables */
  progress?: (line: string) => void;
  /** sides larger than this say their progress (default 300) */
  progressFromTables?: number;
}

/** Below this, a diff is done before anyone would look at progress. */
const PROGRESS_FROM_TABLES = 300;

/**
 * Crawls both refs, enriches in-process only the tables whose inputs differ (and what
 * reads them), and compares the two sides. No Temporal, no LanceDB: a PR check.
 */
export async function diffRefs(opts: RefsDiffOptions): Promise<DiffReport> {
  const work = await mkdtemp(join(tmpdir(), 'grainline-diff-'));
  try {
    const snapshot = { snapshot: !!opts.modelFacts };
    const started = Date.now();
    let big = false;
    const say = (line: string) => big && opts.progress?.(`${line} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    const base = await catalogAt(opts.repo, opts.base, join(work, 'base'), snapshot);
    const from = opts.progressFromTables ?? PROGRESS_FROM_TABLES;
    big = base.entries.size > from;
    say(`read ${opts.base}: ${base.entries.size} tables`);
    const head = await catalogAt(opts.repo, opts.head, join(work, 'head'), snapshot);
    big ||= head.entries.size > from;
    say(`read ${opts.head}: ${head.entries.size} tables`);
    const touched = await changedPaths(opts.repo, base.commit, head.commit);
    const { ids, direct } = selectChanged(base, head, touched);
    say(`enriching ${ids.length} changed tables and their readers`);
    const [b, h] = await Promise.all([base, head].map((side) => recordsOf(side, ids, opts)));
    const tables = compareSnapshots({
      base: b,
      head: h,
      ids,
      direct,
      definedAtBase: (name) => base.resolver.resolve(name) !== undefined,
      definedAtHead: (name) => head.entries.has(name),
      locate: lineLocator(opts.repo, head.commit),
    });
    return { base: { ref: opts.base, id: base.commit }, head: { ref: opts.head, id: head.commit }, tables };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Tables whose enrichment inputs differ (the crawl's fingerprint, the annotation) and
 * their direct readers on either side. `direct` are the ones the change itself
 * touches: their files, their annotation, or their existence.
 */
export function selectChanged(base: RefCatalog, head: RefCatalog, touchedPaths: Set<string>): { ids: string[]; direct: Set<string> } {
  const inputs = (side: RefCatalog, id: string) => {
    const e = side.entries.get(id);
    if (!e) return null;
    // Owner identities are added after the crawl fingerprints an entry, so they are keyed here too.
    const owners = e.facts.flatMap((f) => f.owners.map((o) => `${o.source}:${o.id}`));
    return JSON.stringify([e.fingerprint, owners, side.annotations.get(id) ?? null]);
  };
  const all = new Set([...base.entries.keys(), ...head.entries.keys()]);
  const changed = [...all].filter((id) => inputs(base, id) !== inputs(head, id));
  const ids = new Set(changed);
  for (const id of changed) for (const side of [base, head]) for (const d of side.entries.get(id)?.downstream ?? []) ids.add(d);
  const direct = new Set(
    changed.filter((id) => {
      const b = base.entries.get(id);
      const h = head.entries.get(id);
      if (!b || !h) return true;
      const annotated = JSON.stringify(base.annotations.get(id) ?? null) !== JSON.stringify(head.annotations.get(id) ?? null);
      return annotated || [...b.files, ...h.files].some((f) => touchedPaths.has(f));
    }),
  );
  return { ids: [...ids].sort(), direct };
}

async function changedPaths(repo: string, base: string, head: string): Promise<Set<string>> {
  if (base === head) return new Set();
  const out = await simpleGit(repo).raw(['diff', '--name-only', '--no-renames', base, head]);
  return new Set(out.split('\n').filter(Boolean));
}

/** The nightly merge (annotation > declared > static > model), without usage: a PR has no query logs. */
async function recordsOf(side: RefCatalog, ids: string[], opts: RefsDiffOptions): Promise<Map<string, TableRecord>> {
  const present = ids.filter((id) => side.entries.has(id));
  const model = opts.modelFacts ? await opts.modelFacts(side, present) : new Map<string, TableFact>();
  const out = new Map<string, TableRecord>();
  for (const id of present) {
    const entry = side.entries.get(id)!;
    const { summary: _summary, ...merged } = mergeTable(entry, {
      annotation: side.annotations.get(id) ?? null,
      model: model.get(id) ?? null,
      similar: entry.similar,
    });
    out.set(id, { ...merged, fingerprint: entry.fingerprint, commit: side.commit, runId: 'diff', updatedAt: '' });
  }
  return out;
}

/** First line of a file at a commit where a word is written (whole word, any case): where to look. */
function lineLocator(repo: string, commit: string): (file: string, word: string) => number | undefined {
  const texts = new Map<string, string[]>();
  return (file, word) => {
    let lines = texts.get(file);
    if (!lines) {
      try {
        lines = execFileSync('git', ['show', `${commit}:${file}`], { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n');
      } catch {
        lines = [];
      }
      texts.set(file, lines);
    }
    const re = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
    const i = lines!.findIndex((l) => re.test(l));
    return i >= 0 ? i + 1 : undefined;
  };
}
