/**
 * The embedded default embedder: feature hashing of words, identifier pieces and
 * character trigrams into a fixed-size, L2-normalized vector. It downloads nothing
 * and is deterministic, so nightly runs and CI agree; its quality is "good keyword
 * matching with fuzzy edges", which full-text search then complements.
 */
export const HASHING_DIM = 384;
export const HASHING_MODEL = 'grainline-hashing-v1';

const STOP = new Set(
  'a an the of and or to in on for by with per is are be as at from that this it its which what how one row rows table tables'.split(' '),
);

/** Words, plus the pieces of snake_case and camelCase identifiers. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[^A-Za-z0-9_]+/)) {
    if (!raw) continue;
    const pieces = raw.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split('_').filter(Boolean);
    for (const p of pieces) if (!STOP.has(p)) out.push(stem(p));
    if (pieces.length > 1) out.push(raw.toLowerCase());
  }
  return out;
}

/** A light plural/tense folding: enough that "orders" meets "order". */
function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 3 && w.endsWith('es') && /(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  return w;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function add(vec: Float32Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  vec[h % vec.length] += h & 0x80000000 ? -weight : weight;
}

export function hashingEmbed(text: string, dim = HASHING_DIM): number[] {
  const vec = new Float32Array(dim);
  const tokens = tokenize(text);
  for (const t of tokens) {
    add(vec, `w:${t}`, 1);
    const padded = `#${t}#`;
    for (let i = 0; i + 3 <= padded.length; i++) add(vec, `c:${padded.slice(i, i + 3)}`, 0.35);
  }
  for (let i = 0; i + 1 < tokens.length; i++) add(vec, `b:${tokens[i]} ${tokens[i + 1]}`, 0.5);
  let norm = 0;
  for (const v of vec) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return Array.from(vec, (v) => v / norm);
}
