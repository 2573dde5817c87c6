import { hash53 } from './hash.js';

/**
 * Distinct count that is exact up to `k` values and a K-minimum-values estimate beyond
 * (relative error about 1/sqrt(k), ~3% at the default). Memory never exceeds 2k numbers
 * per counter, which is what keeps per-table distinct users bounded on a 1M-query log.
 */
export class DistinctCounter {
  private hashes = new Set<number>();
  /** once truncated, only hashes below this are kept; Infinity while still exact */
  private threshold = Infinity;

  constructor(private readonly k = 1024) {}

  add(value: string): void {
    const h = hash53(value);
    if (h >= this.threshold) return;
    this.hashes.add(h);
    if (this.hashes.size >= 2 * this.k) this.truncate();
  }

  get exact(): boolean {
    return this.threshold === Infinity && this.hashes.size <= this.k;
  }

  estimate(): number {
    if (this.exact) return this.hashes.size;
    this.truncate();
    // the k-th smallest of n uniform values sits near k/n
    return Math.round((this.k - 1) / (this.threshold / 2 ** 53));
  }

  private truncate(): void {
    if (this.hashes.size <= this.k) return;
    const kept = [...this.hashes].sort((x, y) => x - y).slice(0, this.k);
    this.hashes = new Set(kept);
    this.threshold = kept[kept.length - 1];
  }
}
