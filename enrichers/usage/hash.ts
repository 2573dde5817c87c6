/**
 * A 53-bit string hash (two FNV-1a lanes with different offsets), so sketches can keep
 * numbers instead of the strings themselves: collisions stay negligible well past the
 * millions of distinct values a query log can hold, and a number costs no heap string.
 */
export function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x2166136b;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) >>> 11);
}

/** The hash mapped to [0, 1), for estimators that reason about uniform values. */
export const unitHash = (text: string): number => hash53(text) / 2 ** 53;
