import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { TABLES, upsertRecords, type RecordBatch } from '../../infra/store/lance-store.js';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import { openCatalog } from '../../reader/catalog.js';
import { recordToRow, tableRecordArrowSchema } from '../../schemas/arrow.js';
import { ordersEntry } from '../merge/fixtures.js';

const DIM = 4;
function row(id: string, runId: string): RecordBatch[number] {
  const merged = mergeTable({ ...ordersEntry(), id, table: id }, { usage: null, annotation: null, model: null, similar: [] });
  return { record: { ...merged, fingerprint: runId, commit: 'c0ffee', runId, updatedAt: '2026-01-01T00:00:00Z' }, vector: [1, 0, 0, 0], searchText: `${id} ${runId}` };
}
const write = (db: lancedb.Connection, runId: string, rows: RecordBatch[number][]) =>
  upsertRecords(db, () => (async function* () { yield rows; })(), { runId, vectorDim: DIM, deleteIds: [] });

/**
 * A write commits its batches one by one and tags the run's version last; a run killed
 * between (the chaos test's `write-committed` point) leaves commits no run finished.
 * Readers read the last run's tagged version, so they see whole runs: never the rows
 * of a write under way, nor of one killed midway, until a run tags them.
 */
describe('readers see whole runs', () => {
  it('a batch a write committed but no run tagged is not read; the next finished run is', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'grainline-whole-runs-')), 'db');
    const db = await lancedb.connect(dir);
    await write(db, 'r1', [row('a', 'r1'), row('b', 'r1')]);
    // what a killed write leaves: r2's first batch committed, untagged
    const r2 = row('a', 'r2');
    await (await db.openTable(TABLES)).mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll()
      .execute(lancedb.makeArrowTable([recordToRow(r2.record, r2.vector, r2.searchText)], { schema: tableRecordArrowSchema(DIM) }));
    const during = await openCatalog(dir);
    expect((await during.get('a'))?.runId).toBe('r1');
    during.close();

    await write(db, 'r3', [row('a', 'r3')]);
    const after = await openCatalog(dir);
    expect((await after.get('a'))?.runId).toBe('r3');
    expect((await after.get('b'))?.runId).toBe('r1');
    after.close();
  });
});
