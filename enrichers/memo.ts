import { createHash } from 'node:crypto';

/**
 * Where an analyzer may keep the results of its pure, costly steps (rendering and
 * parsing a dbt model) so that a run over a 30k-model project redoes only the models
 * that changed. The caller decides how long entries live; values are plain JSON
 * data, and keys hash every input of the step.
 */
export interface Memo {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function memoKey(step: string, inputs: string[]): string {
  const h = createHash('sha256').update(step);
  for (const i of inputs) h.update('\0').update(i);
  return h.digest('hex');
}

export function memoize<T>(memo: Memo | undefined, step: string, inputs: string[], compute: () => T): T {
  if (!memo) return compute();
  const key = memoKey(step, inputs);
  const hit = memo.get(key);
  if (hit !== undefined) return hit as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

/** Data that survives a JSON round trip unchanged: what a memo may keep. */
export function isPlainData(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object' || depth > 32) return false;
  if (Array.isArray(v)) return v.every((x) => isPlainData(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && Object.values(v).every((x) => isPlainData(x, depth + 1));
}
