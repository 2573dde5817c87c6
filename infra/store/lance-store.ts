import * as lancedb from '@lancedb/lancedb';
import { recordToRow, tableRecordArrowSchema } from '../../schemas/arrow.js';
import type { RunRecord } from '../../schemas/run-record.js';
import type { TableRecord } from '../../schemas/table-record.js';
import { openCommitted } from './lance-committed.js';
import { killPoint } from './kill-point.js';
import { refreshVectorIndex, type VectorIndexAction } from './vector-index.js';

export const TABLES = 'tables';
export const RUNS = 'runs';
const WRITE_BATCH = 5_000;

export async function connect(uri: string): Promise<lancedb.Connection> {
  return lancedb.connect(uri);
}

/** The tables table, if a write ever committed it (see lance-committed.ts). */
export async function openTablesIfExists(db: lancedb.Connection): Promise<lancedb.Table | undefined> {
  return openCommitted(db, TABLES);
}

/** id → fingerprint of what is stored now: the incremental plan compares against it. */
export async function storedFingerprints(db: lancedb.Connection): Promise<Map<string, string>> {
  const table = await openTablesIfExists(db);
  const out = new Map<string, string>();
  if (!table) return out;
  // column vectors, not row objects: 100k rows are read in a fraction of the time
  const rows = await table.query().select(['id', 'fingerprint']).toArrow();
  // a table a killed write made but never filled comes back with no columns at all
  if (!rows.numRows) return out;
  const ids = rows.getChild('id')!.toArray() as string[];
  const fingerprints = rows.getChild('fingerprint')!.toArray() as string[];
  for (let i = 0; i < ids.length; i++) out.set(ids[i], fingerprints[i]);
  return out;
}

export interface UpsertResult {
  version: number;
  upserted: number;
  deleted: number;
  /** what the write did to the vector index (vector-index.ts) */
  vectorIndex: VectorIndexAction;
}

export type RecordBatch = { record: TableRecord; vector: number[]; searchText: string }[];

/** Where a write stands after each commit; a retry resumes from it if nothing wrote since. */
export interface WriteMark {
  /** batches of the input committed so far */
  batches: number;
  /** the table version that commit made */
  version: number;
}

export interface UpsertOptions {
  runId: string;
  vectorDim: number;
  deleteIds: string[];
  /** rows per LanceDB commit */
  batchRows?: number;
  /** where an earlier attempt of this write got to (its last heartbeat) */
  resume?: WriteMark;
  onCommit?: (mark: WriteMark) => void;
  /** a vector index is built once the table holds this many rows (default: no index) */
  vectorIndexMinRows?: number;
}

/**
 * The single writer: upserts records keyed by id in batches, deletes tables that
 * no longer exist, refreshes the full-text index (and, past a size, the vector index)
 * and tags the version with the run.
 * Upserts are idempotent, so a retry after a crash may redo a batch but never
 * duplicates a row. Should the write fail, the table is restored to the last run's
 * tagged version: readers never keep a half-written run.
 */
export async function upsertRecords(
  db: lancedb.Connection,
  batches: (skip: number) => AsyncIterable<RecordBatch>,
  opts: UpsertOptions,
): Promise<UpsertResult> {
  const schema = tableRecordArrowSchema(opts.vectorDim);
  const table = await openForWrite(db, schema, opts.vectorDim);
  const good = await lastGoodVersion(table);
  const resumed = opts.resume && opts.resume.version === (await table.version()) ? opts.resume.batches : 0;
  try {
    return await writeAll(table, schema, batches(resumed), resumed, opts);
  } catch (err) {
    await restoreVersion(table, good);
    throw err;
  }
}

async function openForWrite(db: lancedb.Connection, schema: ReturnType<typeof tableRecordArrowSchema>, dim: number): Promise<lancedb.Table> {
  const table = await openTablesIfExists(db);
  // none yet, or a folder a killed create left uncommitted: creating over it is one commit
  if (!table) return db.createEmptyTable(TABLES, schema);
  const existing = await table.schema();
  const vec = existing.fields.find((f) => f.name === 'vector');
  const have = (vec?.type as { listSize?: number } | undefined)?.listSize;
  if (have === dim && existing.fields.some((f) => f.name === 'search_text')) return table;
  // A different embedder or row layout: old rows are not comparable, so start over. Not
  // by dropping the table (its folder goes while readers read it, and a kill midway
  // leaves a folder with no _versions): an overwrite is one more version of the same
  // table, so readers keep theirs, the run tags stay, and a failed write restores the
  // last run's version as for any other write.
  return db.createEmptyTable(TABLES, schema, { mode: 'overwrite' });
}

async function writeAll(
  table: lancedb.Table,
  schema: ReturnType<typeof tableRecordArrowSchema>,
  batches: AsyncIterable<RecordBatch>,
  resumed: number,
  opts: UpsertOptions,
): Promise<UpsertResult> {
  let upserted = 0;
  let consumed = resumed;
  let pending: ReturnType<typeof recordToRow>[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const data = lancedb.makeArrowTable(pending, { schema });
    await table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data);
    upserted += pending.length;
    pending = [];
    opts.onCommit?.({ batches: consumed, version: await table.version() });
  };
  for await (const batch of batches) {
    for (const { record, vector, searchText } of batch) pending.push(recordToRow(record, vector, searchText));
    consumed++;
    if (pending.length >= (opts.batchRows ?? WRITE_BATCH)) await flush();
  }
  await flush();
  let deleted = 0;
  for (let i = 0; i < opts.deleteIds.length; i += 1000) {
    const ids = opts.deleteIds.slice(i, i + 1000);
    await table.delete(`id IN (${ids.map(sqlString).join(', ')})`);
    deleted += ids.length;
  }
  await refreshTextIndex(table);
  // inside the run, before its tag: readers read the tagged version, so an index
  // built after it would be read only by the next run's readers
  const vectorIndex = await refreshVectorIndex(table, opts.vectorDim, opts.vectorIndexMinRows);
  killPoint('vector-indexed');
  const version = await table.version();
  const tags = await table.tags();
  // a retry after a crash between tagging and returning finds its tag already there
  if ((await tags.list())[runTag(opts.runId)]) await tags.update(runTag(opts.runId), version);
  else await tags.create(runTag(opts.runId), version);
  return { version, upserted, deleted, vectorIndex };
}

/** Rows the full-text index may leave to a scan before it is rebuilt. */
const UNINDEXED_SHARE = 0.1;

/**
 * Full-text search also scans rows the index does not cover yet (and skips stale
 * ones), so a night that changed a few tables need not rebuild the index over all of
 * them: it is rebuilt when missing or when a tenth of the rows are unindexed;
 * compaction folds the rest in.
 */
async function refreshTextIndex(table: lancedb.Table): Promise<void> {
  const rows = await table.countRows();
  if (!rows) return;
  const stats = (await table.listIndices()).some((i) => i.name === TEXT_INDEX) ? await table.indexStats(TEXT_INDEX) : undefined;
  if (stats && stats.numUnindexedRows <= rows * UNINDEXED_SHARE) return;
  await table.createIndex('search_text', { config: lancedb.Index.fts({ withPosition: false }), replace: true, name: TEXT_INDEX });
}

const TEXT_INDEX = 'search_text_idx';

export const runTag = (runId: string) => `run-${runId}`;

/** Run tags, oldest first. */
async function runTags(table: lancedb.Table): Promise<{ tag: string; version: number }[]> {
  const tags = await (await table.tags()).list();
  return Object.entries(tags)
    .filter(([tag]) => tag.startsWith('run-'))
    .map(([tag, t]) => ({ tag, version: t.version }))
    .sort((a, b) => a.version - b.version);
}

/** The version the last finished run tagged; undefined while no run has finished. */
export async function lastRunVersion(table: lancedb.Table): Promise<number | undefined> {
  return (await runTags(table)).at(-1)?.version;
}

/** The last run's version; for a table no run finished yet, the empty table it started as. */
export async function lastGoodVersion(table: lancedb.Table): Promise<number> {
  return (await lastRunVersion(table)) ?? Math.min(...(await table.listVersions()).map((v) => v.version));
}

async function restoreVersion(table: lancedb.Table, version: number): Promise<void> {
  if ((await table.version()) === version) return;
  await table.checkout(version);
  await table.restore();
}

export interface MaintenanceResult {
  compacted: boolean;
  fragmentsRemoved: number;
  versionsRemoved: number;
  tagsRemoved: number;
}

/**
 * Keeps the table fast and its folder bounded: every run's upserts add small
 * fragments, and every version stays on disk until cleaned up. Tags of all but the
 * newest `keepRuns` runs go; once enough small fragments pile up, they are compacted
 * and versions older than `olderThanMs` are removed, save the kept runs' (Lance
 * refuses to clean a tagged version, so the cutoff stays before the oldest of them).
 */
export async function maintainTable(
  table: lancedb.Table,
  opts: { keepRuns: number; olderThanMs: number; minSmallFragments: number; now?: Date; marginMs?: number },
): Promise<MaintenanceResult> {
  const all = await runTags(table);
  const kept = all.slice(-opts.keepRuns);
  const tags = await table.tags();
  for (const t of all.slice(0, all.length - kept.length)) await tags.delete(t.tag);
  const out = { compacted: false, fragmentsRemoved: 0, versionsRemoved: 0, tagsRemoved: all.length - kept.length };
  const stats = await table.stats();
  if (stats.fragmentStats.numSmallFragments < opts.minSmallFragments) return out;
  const now = (opts.now ?? new Date()).getTime();
  const stamps = new Map((await table.listVersions()).map((v) => [v.version, new Date(v.timestamp).getTime()]));
  const oldestKept = kept.length ? stamps.get(kept[0].version) ?? now : now;
  // LanceDB turns the cutoff into an age measured again after compacting: keep a margin
  const cutoff = Math.min(now - opts.olderThanMs, oldestKept - (opts.marginMs ?? CLEANUP_MARGIN_MS));
  const res = await table.optimize({ cleanupOlderThan: new Date(cutoff) });
  return { ...out, compacted: true, fragmentsRemoved: res.compaction.fragmentsRemoved, versionsRemoved: res.prune.oldVersionsRemoved };
}

const CLEANUP_MARGIN_MS = 3600_000;

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export async function appendRunRecord(db: lancedb.Connection, run: RunRecord): Promise<void> {
  const row: Record<string, unknown> = {
    ...run,
    warningSample: JSON.stringify(run.warningSample),
    warningCodes: JSON.stringify(run.warningCodes),
    error: run.error ?? '',
    lanceVersion: run.lanceVersion ?? -1,
  };
  const table = await openCommitted(db, RUNS);
  if (!table) {
    // the first row and the table come in one commit (over a folder a killed create left)
    await db.createTable(RUNS, [row]);
    return;
  }
  // a runs table from an older Grainline lacks the newer text columns: add them, empty
  const have = new Set((await table.schema()).fields.map((f) => f.name));
  const missing = Object.keys(row).filter((k) => !have.has(k) && (typeof row[k] === 'string' || typeof row[k] === 'number'));
  if (missing.length) await table.addColumns(missing.map((name) => ({ name, valueSql: typeof row[name] === 'number' ? 'CAST(0 AS DOUBLE)' : "''" })));
  await table.add([row]);
}

export async function listRunRecords(db: lancedb.Connection): Promise<RunRecord[]> {
  const table = await openCommitted(db, RUNS);
  if (!table) return [];
  const rows = await table.query().toArray();
  return rows
    .map((r) => ({
      ...r,
      warningSample: JSON.parse(r.warningSample as string),
      warningCodes: r.warningCodes ? JSON.parse(r.warningCodes as string) : {},
      error: r.error ? (r.error as string) : null,
      lanceVersion: (r.lanceVersion as number) < 0 ? null : r.lanceVersion,
    }) as RunRecord)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
