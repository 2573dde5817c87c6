import type { EnrichShardInput, EnrichShardResult } from '../activities/enrich-shard.js';

/**
 * A contiguous range of catalog shards enriched together: a child workflow under
 * Temporal, a plain loop in-process. Deterministic (no I/O, no Node modules).
 */
export interface ShardGroupInput {
  /** what every shard activity of the run gets */
  shard: Omit<EnrichShardInput, 'shard'>;
  first: number;
  count: number;
  /** shard activities in flight at once within the group */
  concurrency: number;
  /** totals of the runs before a continue-as-new */
  carried?: ShardTotals;
  heartbeatTimeout?: string;
  /** continue-as-new once the history is this long (Temporal's own suggestion also counts) */
  maxHistoryEvents?: number;
}

export interface ShardTotals {
  shards: number;
  enriched: number;
  skipped: number;
  failed: number;
}

export const NO_TOTALS: ShardTotals = { shards: 0, enriched: 0, skipped: 0, failed: 0 };

export function addTotals(a: ShardTotals, b: ShardTotals): ShardTotals {
  return { shards: a.shards + b.shards, enriched: a.enriched + b.enriched, skipped: a.skipped + b.skipped, failed: a.failed + b.failed };
}

/**
 * Enriches the group's shards with bounded concurrency. Once `pause()` says so, no
 * new shard starts; those in flight finish, and `next` tells where to pick up.
 */
export async function enrichShardGroup(
  enrichShard: (input: EnrichShardInput) => Promise<EnrichShardResult>,
  group: ShardGroupInput,
  hooks: { onShardDone?: () => void; pause?: () => boolean } = {},
): Promise<{ totals: ShardTotals; next: number | null }> {
  const { first, count, concurrency, carried } = group;
  let totals = carried ?? NO_TOTALS;
  const end = first + count;
  const done = await runLanes(first, end, concurrency, async (shard) => {
    const r = await enrichShard({ ...group.shard, shard });
    totals = addTotals(totals, { shards: 1, enriched: r.enriched, skipped: r.skipped, failed: r.failed });
    hooks.onShardDone?.();
  }, hooks.pause);
  return { totals, next: done < end ? done : null };
}

/**
 * Runs `fn` over [from, to) with at most `limit` calls in flight; stops taking new
 * items when `stop()` is true. Returns the first index not started.
 */
export async function runLanes(
  from: number,
  to: number,
  limit: number,
  fn: (i: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<number> {
  let next = from;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, to - from)) }, async () => {
    while (next < to && !stop()) await fn(next++);
  });
  await Promise.all(lanes);
  return next;
}
