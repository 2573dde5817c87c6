import type * as lancedb from '@lancedb/lancedb';
import { openTablesIfExists } from './lance-store.js';

/** Run ids made by `newRunId` start with their UTC start time, so they sort by it. */
const STAMPED = /^(\d{14})-/;

/**
 * The latest run, among those whose tags are in the catalog, that started after
 * `runId`: a run killed mid-way is resumed by whichever command next starts a server
 * on its db, possibly after a newer run has written a newer commit. Writing then would
 * put the older view back over the newer one. Ids without a start time (tests,
 * benchmarks) are never compared.
 */
export function laterRun(runId: string, writtenRunIds: string[]): string | undefined {
  const own = STAMPED.exec(runId)?.[1];
  if (!own) return undefined;
  return writtenRunIds
    .filter((id) => id !== runId && (STAMPED.exec(id)?.[1] ?? '') > own)
    .sort()
    .at(-1);
}

/** The run ids whose tags the tables table holds. */
export async function writtenRunIds(db: lancedb.Connection): Promise<string[]> {
  const table = await openTablesIfExists(db);
  if (!table) return [];
  return Object.keys(await (await table.tags()).list())
    .filter((t) => t.startsWith('run-'))
    .map((t) => t.slice('run-'.length));
}
