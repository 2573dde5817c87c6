/**
 * Heavy hitters with the Space-Saving algorithm: at most `capacity` counters; a new key
 * evicts the smallest one and inherits its count, so any key seen more than n/capacity
 * times is kept and counts are over-estimates by at most the evicted minimum. Exact
 * while fewer than `capacity` distinct keys are seen (the common case per table).
 */
export class TopK<T = undefined> {
  private readonly counts = new Map<string, { count: number; value: T }>();

  constructor(private readonly capacity: number) {}

  /** `value` rides along with the key (kept from the first time the key is seen). */
  add(key: string, value?: T, weight = 1): { count: number; value: T } {
    const hit = this.counts.get(key);
    if (hit) {
      hit.count += weight;
      return hit;
    }
    let floor = 0;
    if (this.counts.size >= this.capacity) {
      const [minKey, min] = this.min();
      this.counts.delete(minKey);
      floor = min.count;
    }
    const slot = { count: floor + weight, value: value as T };
    this.counts.set(key, slot);
    return slot;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Highest counts first; ties broken by key so output is deterministic. */
  top(n: number): { key: string; count: number; value: T }[] {
    return [...this.counts]
      .map(([key, { count, value }]) => ({ key, count, value }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, n);
  }

  private min(): [string, { count: number; value: T }] {
    let best: [string, { count: number; value: T }] | undefined;
    for (const entry of this.counts) if (!best || entry[1].count < best[1].count) best = entry;
    return best!;
  }
}
