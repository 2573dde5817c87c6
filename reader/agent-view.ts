import type { TableRecord } from '../schemas/table-record.js';

/** Confidences as an agent reads them: two decimals, never 0.5301029995663982. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

export interface CompactJoin {
  table: string;
  /** "a.x = b.y" pairs, this table on the left */
  on: string[];
  columns: string[];
  refColumns: string[];
  confidence: number;
  source: string;
  /** the other table's columns, so the agent can write the join without another call */
  otherColumns?: string[];
}

export interface CompactTable {
  table: string;
  kind: string;
  description: string;
  grain: { statement: string; columns: string[]; confidence: number } | null;
  joinKeys: CompactJoin[];
  owners: { id: string; kind: string; source: string; confidence: number }[];
  usage: {
    queries30d: number;
    distinctUsers: number;
    tier: string;
    topFilters: string[];
    joinedWith: string[];
    example?: string;
  } | null;
  caveats: string[];
  deprecated?: { replacedBy?: string };
  columns: { name: string; type?: string; description?: string }[];
  upstream: string[];
  downstream: string[];
}

const MAX_COLUMNS = 60;
const MAX_NEIGHBOURS = 20;

/**
 * The default answer of describe_table: what an agent needs to pick and query a table,
 * without fingerprints, provenance or run ids (`detail: "full"` has those).
 */
export function compactRecord(r: TableRecord, otherColumns: (table: string) => string[] | undefined = () => undefined): CompactTable {
  const caveats = [...(r.annotations?.caveats ?? [])];
  const out: CompactTable = {
    table: r.table,
    kind: r.kind,
    description: r.description,
    grain: r.grain ? { statement: r.grain.statement, columns: r.grain.columns, confidence: round2(r.grain.confidence) } : null,
    joinKeys: r.joinKeys.map((k) => {
      const cols = otherColumns(k.table);
      return {
        table: k.table,
        on: k.columns.map((c, i) => `${r.table}.${c} = ${k.table}.${k.refColumns[i] ?? c}`),
        columns: k.columns,
        refColumns: k.refColumns,
        confidence: round2(k.confidence),
        source: k.source,
        ...(cols ? { otherColumns: cols.slice(0, MAX_COLUMNS) } : {}),
      };
    }),
    owners: r.owners.map((o) => ({ id: o.id, kind: o.kind, source: o.source, confidence: round2(o.confidence) })),
    usage: r.usage
      ? {
          queries30d: r.usage.queries30d,
          distinctUsers: r.usage.distinctUsers,
          tier: r.usage.tier,
          topFilters: r.usage.topFilters.slice(0, 5).map((f) => f.column),
          joinedWith: r.usage.joinedWith.slice(0, 5).map((j) => j.table),
          ...(r.usage.canonicalExamples[0] ? { example: r.usage.canonicalExamples[0].sql } : {}),
        }
      : null,
    caveats,
    columns: r.columns.slice(0, MAX_COLUMNS).map((c) => ({
      name: c.name,
      ...(c.type ? { type: c.type } : {}),
      ...(c.description ?? r.annotations?.columns[c.name] ? { description: c.description ?? r.annotations?.columns[c.name] } : {}),
    })),
    upstream: r.upstream.slice(0, MAX_NEIGHBOURS),
    downstream: r.downstream.slice(0, MAX_NEIGHBOURS),
  };
  if (r.annotations?.deprecated) out.deprecated = r.annotations.replacedBy ? { replacedBy: r.annotations.replacedBy } : {};
  return out;
}

export interface JoinStep {
  from: string;
  to: string;
  /** "from.x = to.y" pairs */
  on: string[];
  confidence: number;
  source: string;
}

/**
 * The join keys along the shortest path (fewest joins) that connects every table
 * asked for: breadth-first from the first table to each of the others, the union of
 * those paths. Edges are the join keys of both ends (they are mirrored at link time).
 */
export function joinPath(
  ids: string[],
  edgesOf: (id: string) => { to: string; columns: string[]; refColumns: string[]; confidence: number; source: string }[],
  nameOf: (id: string) => string,
  maxHops = 6,
): { steps: JoinStep[]; unreachable: string[] } {
  const [start, ...rest] = ids;
  const prev = new Map<string, { from: string; edge: ReturnType<typeof edgesOf>[number] }>();
  const depth = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  const wanted = new Set(rest);
  while (frontier.length && [...wanted].some((w) => !depth.has(w))) {
    const next: string[] = [];
    for (const id of frontier) {
      if ((depth.get(id) ?? 0) >= maxHops) continue;
      // the strongest edge to each neighbour
      const best = new Map<string, ReturnType<typeof edgesOf>[number]>();
      for (const e of edgesOf(id)) if (!best.has(e.to) || best.get(e.to)!.confidence < e.confidence) best.set(e.to, e);
      for (const [to, edge] of [...best].sort((a, b) => a[0].localeCompare(b[0]))) {
        if (depth.has(to)) continue;
        depth.set(to, depth.get(id)! + 1);
        prev.set(to, { from: id, edge });
        next.push(to);
      }
    }
    frontier = next;
  }
  const steps = new Map<string, JoinStep>();
  const unreachable: string[] = [];
  for (const target of rest) {
    if (!depth.has(target)) {
      unreachable.push(nameOf(target));
      continue;
    }
    const path: JoinStep[] = [];
    for (let at = target; at !== start; ) {
      const p = prev.get(at)!;
      const from = nameOf(p.from);
      const to = nameOf(at);
      path.unshift({
        from,
        to,
        on: p.edge.columns.map((c, i) => `${from}.${c} = ${to}.${p.edge.refColumns[i] ?? c}`),
        confidence: round2(p.edge.confidence),
        source: p.edge.source,
      });
      at = p.from;
    }
    for (const s of path) steps.set(`${s.from}>${s.to}`, s);
  }
  return { steps: [...steps.values()], unreachable };
}

/** Levenshtein distance, bounded: stops early past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Names close to a name that matched nothing: the same last part in another schema,
 * a typo (edit distance within a third of the length), or one containing the other.
 */
export function closeNames(query: string, names: Iterable<string>, k = 5): string[] {
  const q = query.toLowerCase().replace(/[`"[\]]/g, '');
  const qLast = q.split('.').at(-1)!;
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const n = name.toLowerCase();
    const last = n.split('.').at(-1)!;
    const budget = Math.max(1, Math.floor(Math.max(qLast.length, 3) / 3));
    let score = Infinity;
    if (last === qLast) score = 0;
    else if (qLast.length >= 3 && last.length >= 3 && (last.includes(qLast) || qLast.includes(last))) score = 1 + Math.abs(last.length - qLast.length) / 100;
    else {
      const d = Math.min(editDistance(qLast, last, budget), editDistance(q, n, budget));
      if (d <= budget) score = 1 + d;
    }
    if (score < Infinity) scored.push({ name, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, k).map((s) => s.name);
}
