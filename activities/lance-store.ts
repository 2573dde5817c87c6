import * as lancedb from '@lancedb/lancedb';
import { recordToRow, tableRecordArrowSchema } from '../schemas/arrow.js';
import type { RunRecord } from '../schemas/run-record.js';
import type { TableRecord } from '../schemas/table-record.js';

export const TABLES = 'tables';
export const RUNS = 'runs';
const WRITE_BATCH = 5_000;

export async function connect(uri: string): Promise<lancedb.Connection> {
  return lancedb.connect(uri);
}

export async function openTablesIfExists(db: lancedb.Connection): Promise<lancedb.Table | undefined> {
  return (await db.tableNames()).includes(TABLES) ? db.openTable(TABLES) : undefined;
}

/** id → fingerprint of what is stored now: the incremental plan compares against it. */
export async function storedFingerprints(db: lancedb.Connection): Promise<Map<string, string>> {
  const table = await openTablesIfExists(db);
  const out = new Map<string, string>();
  if (!table) return out;
  const rows = await table.query().select(['id', 'fingerprint']).toArray();
  for (const r of rows) out.set(r.id as string, r.fingerprint as string);
  return out;
}

export interface UpsertResult {
  version: number;
  upserted: number;
  deleted: number;
}

/**
 * The single writer: upserts records keyed by id in batches, deletes tables that
 * no longer exist, refreshes the full-text index and tags the version with the run.
 * Every LanceDB commit is atomic, so a crash leaves the last committed version readable.
 */
export async function upsertRecords(
  db: lancedb.Connection,
  batches: AsyncIterable<{ record: TableRecord; vector: number[]; searchText: string }[]>,
  opts: { runId: string; vectorDim: number; deleteIds: string[] },
): Promise<UpsertResult> {
  const schema = tableRecordArrowSchema(opts.vectorDim);
  let table = await openTablesIfExists(db);
  if (table) {
    const existing = await table.schema();
    const vec = existing.fields.find((f) => f.name === 'vector');
    const dim = (vec?.type as { listSize?: number } | undefined)?.listSize;
    if (dim !== opts.vectorDim || !existing.fields.some((f) => f.name === 'search_text')) {
      // A different embedder or row layout: old rows are not comparable, so start over.
      await db.dropTable(TABLES);
      table = undefined;
    }
  }
  table ??= await db.createEmptyTable(TABLES, schema);
  let upserted = 0;
  let pending: ReturnType<typeof recordToRow>[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const data = lancedb.makeArrowTable(pending, { schema });
    await table!.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data);
    upserted += pending.length;
    pending = [];
  };
  for await (const batch of batches) {
    for (const { record, vector, searchText } of batch) pending.push(recordToRow(record, vector, searchText));
    if (pending.length >= WRITE_BATCH) await flush();
  }
  await flush();
  let deleted = 0;
  for (let i = 0; i < opts.deleteIds.length; i += 1000) {
    const ids = opts.deleteIds.slice(i, i + 1000);
    await table.delete(`id IN (${ids.map(sqlString).join(', ')})`);
    deleted += ids.length;
  }
  if ((await table.countRows()) > 0) {
    await table.createIndex('search_text', { config: lancedb.Index.fts({ withPosition: false }), replace: true });
  }
  const version = await table.version();
  const tags = await table.tags();
  await tags.create(`run-${opts.runId}`, version);
  return { version, upserted, deleted };
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export async function appendRunRecord(db: lancedb.Connection, run: RunRecord): Promise<void> {
  const row = { ...run, warningSample: JSON.stringify(run.warningSample), lanceVersion: run.lanceVersion ?? -1 };
  if ((await db.tableNames()).includes(RUNS)) await (await db.openTable(RUNS)).add([row]);
  else await db.createTable(RUNS, [row]);
}

export async function listRunRecords(db: lancedb.Connection): Promise<RunRecord[]> {
  if (!(await db.tableNames()).includes(RUNS)) return [];
  const rows = await (await db.openTable(RUNS)).query().toArray();
  return rows
    .map((r) => ({
      ...r,
      warningSample: JSON.parse(r.warningSample as string),
      lanceVersion: (r.lanceVersion as number) < 0 ? null : r.lanceVersion,
    }) as RunRecord)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
