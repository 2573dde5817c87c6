import { tierOf, type OwnerFact, type Source } from '../../schemas/facts.js';
import type { Conflict, JoinKey, TableRecord } from '../../schemas/table-record.js';
import { columnChanges, hasColumnNews } from './columns.js';
import { lineDiff } from './line-diff.js';
import type { TableChange } from './table-change.js';

export interface CompareInput {
  /** records of the compared tables on each side (absent = not defined on that side) */
  base: Map<string, TableRecord>;
  head: Map<string, TableRecord>;
  ids: Iterable<string>;
  /**
   * tables whose own definition changed (their files, their annotation): their
   * description diff is shown. Elsewhere a description change only echoes a neighbour
   * (a new reader, a join learned from another model's SQL) that is reported there.
   */
  direct: Set<string>;
  definedAtBase: (name: string) => boolean;
  definedAtHead: (name: string) => boolean;
  /** the line of `file` (at head) where `word` is first written, to point a reviewer at a breaking reader */
  locate?: (file: string, word: string) => number | undefined;
}

/**
 * The per-table changes a reviewer needs, and only those: tables with nothing to say
 * are left out. Lineage edges and join keys belong to two tables; each is reported
 * once, on the table whose SQL states it.
 */
export function compareSnapshots(input: CompareInput): TableChange[] {
  const ids = [...new Set(input.ids)].sort();
  const changes = new Map(ids.map((id) => [id, changeOf(id, input)]));
  attributeJoinKeys(ids, input, changes);
  return [...changes.values()].filter((c) => c.status !== 'changed' || isNoteworthy(c, input.direct.has(c.id)));
}

function changeOf(id: string, input: CompareInput): TableChange {
  const before = input.base.get(id);
  const after = input.head.get(id);
  const r = (after ?? before)!;
  const status = !before ? 'added' : !after ? 'removed' : 'changed';
  const change: TableChange = {
    id,
    table: r.table,
    kind: r.kind,
    status,
    upstream: { added: [], removed: [] },
    missingUpstream: [],
    grain: null,
    joinKeys: { added: [], removed: [] },
    owners: { added: [], removed: [], primary: null },
    conflicts: [],
    description: null,
  };
  change.readers = { tables: r.downstream, consumers: r.consumers.map((c) => `${c.type} ${c.name}`) };
  if (!after) return change;
  change.upstream = setDiff(before?.upstream ?? [], after.upstream);
  change.missingUpstream = after.upstream.filter((u) => !input.definedAtHead(u) && input.definedAtBase(u));
  // A deleted model leaves its readers' ref unresolved: the name as written replaces the
  // resolved id. That is one broken reference, not an upstream swapped for another.
  const lastPart = (n: string) => n.split('.').pop()!.toLowerCase();
  const broken = new Set(change.missingUpstream.map(lastPart));
  change.upstream.added = change.upstream.added.filter((u) => !change.missingUpstream.includes(u));
  change.upstream.removed = change.upstream.removed.filter((u) => input.definedAtHead(u) || !broken.has(lastPart(u)));
  const g0 = before?.grain?.statement ?? null;
  const g1 = after.grain?.statement ?? null;
  if (g0 !== g1) change.grain = { before: g0, after: g1 };
  // Owners count when someone declared them; who last committed is no change of meaning
  const d0 = declared(before?.owners ?? []);
  const d1 = declared(after.owners);
  const owners = setDiff(d0.map((o) => o.id), d1.map((o) => o.id));
  const p0 = d0[0]?.id ?? null;
  const p1 = d1[0]?.id ?? null;
  change.owners = { ...owners, primary: before && p0 !== p1 ? { before: p0, after: p1 } : null };
  const i0 = before?.owners[0]?.id ?? null;
  const i1 = after.owners[0]?.id ?? null;
  if (before && !change.owners.primary && i0 !== i1) change.inferredOwner = { before: i0, after: i1 };
  const seen = new Set((before?.conflicts ?? []).map(conflictText));
  change.conflicts = [...new Set(after.conflicts.filter(meaningfulConflict).map(conflictText))].filter((c) => !seen.has(c));
  const readers = after.downstream.map((d) => input.head.get(d)).filter((r): r is TableRecord => !!r);
  change.columns = columnChanges(before, after, readers);
  for (const b of change.columns?.breaking ?? []) if (b.file && input.locate) b.line = input.locate(b.file, b.column);
  const mismatch = after.conflicts.find((c) => c.field === 'grain' && isDeclared(c.winner.source) && !isDeclared(c.loser.source) && c.loser.source !== 'model' && c.loser.source !== 'heuristic');
  if (mismatch && !before?.conflicts.some((c) => conflictText(c) === conflictText(mismatch))) {
    change.grainMismatch = { declared: columnsOf(mismatch.winner.value), actual: columnsOf(mismatch.loser.value) };
  }
  const ownersChanged = owners.added.length + owners.removed.length > 0 || !!change.owners.primary;
  if ((before?.description ?? '') !== after.description) {
    const diff = lineDiff(before?.description ?? '', after.description);
    // the description names owners, inferred ones too: a line that differs only there says nothing new
    const meaningful = diff.some((l) => l.op !== ' ' && (ownersChanged || !l.text.startsWith('Owners:')));
    if (meaningful) change.description = { before: before?.description ?? '', after: after.description, diff };
  }
  return change;
}

const isDeclared = (source: Source) => ['annotation', 'declared'].includes(tierOf(source));
const declared = (owners: OwnerFact[]) => owners.filter((o) => isDeclared(o.source));
/** An owner conflict with an inferred owner (git history, a guess) is not news to a reviewer. */
const meaningfulConflict = (c: Conflict) => c.field !== 'owners' || (isDeclared(c.winner.source) && isDeclared(c.loser.source));

const columnsOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);

function isNoteworthy(c: TableChange, direct: boolean): boolean {
  return (
    !!c.grainMismatch ||
    hasColumnNews(c.columns) ||
    c.upstream.added.length + c.upstream.removed.length + c.missingUpstream.length + c.joinKeys.added.length + c.joinKeys.removed.length > 0 ||
    c.grain !== null ||
    c.owners.added.length + c.owners.removed.length > 0 ||
    c.owners.primary !== null ||
    c.conflicts.length > 0 ||
    (direct && c.description !== null)
  );
}

/**
 * A join key stated in one model's SQL is mirrored onto both joined tables; the diff
 * names it once, under the table whose file states it when that table is compared,
 * else under the first of the two joined tables that is.
 */
function attributeJoinKeys(ids: string[], input: CompareInput, changes: Map<string, TableChange>): void {
  for (const [side, other, bucket] of [
    [input.head, input.base, 'added'],
    [input.base, input.head, 'removed'],
  ] as const) {
    const placed = new Set<string>();
    const definedIn = filesIndex(side, ids);
    for (const id of ids) {
      const mine = side.get(id);
      if (!mine) continue;
      const theirs = new Set((other.get(id)?.joinKeys ?? []).map((k) => joinText(id, k)));
      for (const k of mine.joinKeys) {
        const text = joinText(id, k);
        if (theirs.has(text) || placed.has(text)) continue;
        placed.add(text);
        const stater = (k.file ? definedIn.get(k.file) : undefined)?.find((t) => changes.has(t));
        const home = stater ?? [id, k.table].filter((t) => changes.has(t)).sort()[0];
        changes.get(home)!.joinKeys[bucket].push(text);
      }
    }
  }
}

function filesIndex(records: Map<string, TableRecord>, ids: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of ids) for (const f of records.get(id)?.files ?? []) out.set(f, [...(out.get(f) ?? []), id]);
  return out;
}

/** Order-free, so the key mirrored onto the other table reads the same. */
export function joinText(owner: string, k: Pick<JoinKey, 'columns' | 'table' | 'refColumns'>): string {
  const side = (t: string, cols: string[]) => `${t}.${cols.length === 1 ? cols[0] : `(${cols.join(', ')})`}`;
  return [side(owner, k.columns), side(k.table, k.refColumns)].sort().join(' = ');
}

function conflictText(c: Conflict): string {
  // sentences are quoted so their own punctuation does not run into the report's
  const v = (x: unknown): string =>
    Array.isArray(x) ? x.map(v).join(', ') : typeof x !== 'string' ? JSON.stringify(x) : /\s/.test(x) ? `"${x}"` : x;
  return `${c.field}: ${c.loser.source} says ${v(c.loser.value)}, ${c.winner.source} says ${v(c.winner.value)} (kept)`;
}

function setDiff(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: [...a].filter((x) => !b.has(x)).sort(), removed: [...b].filter((x) => !a.has(x)).sort() };
}
