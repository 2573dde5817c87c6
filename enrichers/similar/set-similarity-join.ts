/**
 * Finds pairs of sets with Jaccard similarity >= t without comparing all pairs
 * (prefix filtering with positional pruning, after Xiao et al.'s PPJoin). Tokens are
 * renumbered rarest first; two sets reaching t must share a token within the first
 * |x| - ceil(t|x|) + 1 tokens of each, so only those rare prefixes are looked up.
 *
 * Identical sets are grouped first: fifty sharded copies of one table would
 * otherwise make every token's posting list long and be skipped by the cap.
 */
export interface SetJoinOptions {
  threshold: number;
  minSize: number;
  /** tokens in more sets than this are not used to find candidates (think `id`) */
  postingCap: number;
  /** how many partners each member of a group of identical sets gets */
  fanout: number;
}

/** A directed edge: `b` is similar to `a` (the reverse edge is emitted separately). */
export interface SetPair {
  a: number;
  b: number;
  jaccard: number;
}

interface Group {
  members: number[];
  /** token ids, ascending = rarest first */
  tokens: Int32Array;
}

export function setSimilarityJoin(sets: string[][], opts: SetJoinOptions): SetPair[] {
  const t = opts.threshold;
  const { groups, df } = groupIdentical(sets, opts.minSize);
  const pairs: SetPair[] = [];
  for (const g of groups) linkGroups(g.members, g.members, 1, opts.fanout, pairs);

  // shorter sets first: a probe then only meets sets no longer than itself
  groups.sort((x, y) => x.tokens.length - y.tokens.length);
  const len = Int32Array.from(groups, (g) => g.tokens.length);
  const firstOfLength = firstGroupOfLength(len);
  // token -> [group, position, group, position, ...]
  const postings: number[][] = Array.from({ length: df.length }, () => []);
  const overlap = new Int32Array(groups.length);
  const touched: number[] = [];
  const DEAD = -1_000_000;
  const requiredOverlap = (a: number, b: number) => Math.ceil((t / (1 + t)) * (a + b) - 1e-9);

  for (let x = 0; x < groups.length; x++) {
    const xs = groups[x].tokens;
    const lx = xs.length;
    const probePrefix = lx - Math.ceil(t * lx - 1e-9) + 1;
    const minGroup = firstOfLength[Math.min(Math.ceil(t * lx - 1e-9), lx)];
    for (let i = 0; i < probePrefix; i++) {
      const list = postings[xs[i]];
      // postings are in group order, which is length order: skip the too-short ones at once
      for (let k = firstAtLeast(list, minGroup); k < list.length; k += 2) {
        const y = list[k];
        const o = overlap[y];
        if (o < 0) continue;
        const ly = len[y];
        const rest = Math.min(lx - i - 1, ly - list[k + 1] - 1);
        if (o === 0) touched.push(y);
        overlap[y] = o + 1 + rest >= requiredOverlap(lx, ly) ? o + 1 : DEAD;
      }
    }
    for (const y of touched) {
      if (overlap[y] > 0) {
        const j = jaccardAtLeast(xs, groups[y].tokens, requiredOverlap(lx, len[y]));
        if (j >= t) linkGroups(groups[x].members, groups[y].members, j, opts.fanout, pairs);
      }
      overlap[y] = 0;
    }
    touched.length = 0;

    // a set only needs its shorter "index prefix" indexed, since later probes are no shorter
    const indexPrefix = lx - Math.ceil(((2 * t) / (1 + t)) * lx - 1e-9) + 1;
    for (let i = 0; i < indexPrefix; i++) {
      if (df[xs[i]] <= opts.postingCap) postings[xs[i]].push(x, i);
    }
  }
  return pairs;
}

/** firstOfLength[n] = index of the first group with at least n tokens (groups sorted by length). */
function firstGroupOfLength(len: Int32Array): Int32Array {
  const longest = len.length ? len[len.length - 1] : 0;
  const first = new Int32Array(longest + 1);
  let g = 0;
  for (let n = 0; n <= longest; n++) {
    while (g < len.length && len[g] < n) g++;
    first[n] = g;
  }
  return first;
}

/** Index of the first (group, position) entry whose group is >= `group`. */
function firstAtLeast(list: number[], group: number): number {
  let lo = 0;
  let hi = list.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[2 * mid] < group) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

function groupIdentical(sets: string[][], minSize: number): { groups: Group[]; df: Int32Array } {
  const bySignature = new Map<string, { members: number[]; tokens: string[] }>();
  sets.forEach((raw, i) => {
    const tokens = [...new Set(raw)].sort();
    if (tokens.length < minSize) return;
    const key = tokens.join('\u0000');
    const g = bySignature.get(key);
    if (g) g.members.push(i);
    else bySignature.set(key, { members: [i], tokens });
  });
  const raw = [...bySignature.values()];
  const counts = new Map<string, number>();
  for (const g of raw) for (const tok of g.tokens) counts.set(tok, (counts.get(tok) ?? 0) + 1);
  const byRarity = [...counts.keys()].sort((a, b) => counts.get(a)! - counts.get(b)! || (a < b ? -1 : 1));
  const idOf = new Map(byRarity.map((tok, i) => [tok, i]));
  const df = Int32Array.from(byRarity, (tok) => counts.get(tok)!);
  const groups = raw.map((g) => ({
    members: g.members,
    tokens: Int32Array.from(g.tokens, (tok) => idOf.get(tok)!).sort(),
  }));
  return { groups, df };
}

/** Every member of each group gets up to `fanout` partners from the other. */
function linkGroups(ga: number[], gb: number[], j: number, fanout: number, out: SetPair[]): void {
  addEdges(ga, gb, j, fanout, out);
  if (ga !== gb) addEdges(gb, ga, j, fanout, out);
}

function addEdges(from: number[], to: number[], j: number, fanout: number, out: SetPair[]): void {
  for (const a of from) {
    let n = 0;
    for (const b of to) {
      if (n >= fanout) break;
      if (a === b) continue;
      out.push({ a, b, jaccard: j });
      n++;
    }
  }
}

/** Jaccard of two ascending id arrays, or 0 as soon as `need` shared ids are out of reach. */
function jaccardAtLeast(a: Int32Array, b: Int32Array, need: number): number {
  let i = 0;
  let k = 0;
  let inter = 0;
  while (i < a.length && k < b.length) {
    if (inter + Math.min(a.length - i, b.length - k) < need) return 0;
    if (a[i] === b[k]) {
      inter++;
      i++;
      k++;
    } else if (a[i] < b[k]) i++;
    else k++;
  }
  return inter / (a.length + b.length - inter);
}
