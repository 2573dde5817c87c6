import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { TABLES, upsertRecords, type RecordBatch } from '../../infra/store/lance-store.js';
import { laterRun, writtenRunIds } from '../../infra/store/run-order.js';
import { writeRecords } from '../../activities/write.js';
import { writeJsonl } from '../../infra/run-folder/jsonl.js';
import { runPaths } from '../../infra/run-folder/run-paths.js';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import { ordersEntry } from '../merge/fixtures.js';

const DIM = 4;
function row(id: string, runId: string): RecordBatch[number] {
  const merged = mergeTable({ ...ordersEntry(), id, table: id }, { usage: null, annotation: null, model: null, similar: [] });
  return { record: { ...merged, fingerprint: runId, commit: runId, runId, updatedAt: '2026-01-01T00:00:00Z' }, vector: [1, 0, 0, 0], searchText: `${id} ${runId}` };
}

describe('a run never writes over a run that started after it', () => {
  it('compares runs by the start time their ids carry, and leaves other ids alone', () => {
    const older = '20261203010000-abcd';
    const newer = '20261204010000-wxyz';
    expect(laterRun(older, [newer, '20261201000000-aaaa'])).toBe(newer);
    expect(laterRun(newer, [older])).toBeUndefined();
    expect(laterRun(older, [older])).toBeUndefined();
    expect(laterRun('t-full-1', [newer])).toBeUndefined();
    expect(laterRun(older, ['bench-run'])).toBeUndefined();
  });

  // A killed nightly run is resumed by whichever command next starts a server on its db;
  // by then a newer run may have written a newer commit, which the old view would overwrite.
  it("refuses a resumed older run's write, and the newer run's rows stay", async () => {
    const base = mkdtempSync(join(tmpdir(), 'grainline-run-order-'));
    const dbUri = join(base, 'db');
    const older = '20261203010000-abcd';
    const newer = '20261204010000-wxyz';
    const db = await lancedb.connect(dbUri);
    await upsertRecords(db, () => (async function* () { yield [row('a', newer)]; })(), { runId: newer, vectorDim: DIM, deleteIds: [] });
    expect(await writtenRunIds(db)).toEqual([newer]);

    const runDir = join(dbUri, '_grainline', 'runs', older);
    await writeJsonl(runPaths(runDir).recordShard(0), [row("a", older)]);
    await expect(writeRecords({ dbUri, runDir, runId: older })).rejects.toThrow(/run 20261203010000-abcd is out of date: run 20261204010000-wxyz started after it/);

    const stored = await (await db.openTable(TABLES)).query().select(['id', 'runId']).toArray();
    expect(stored.map((r) => [r.id, r.runId])).toEqual([['a', newer]]);
  });
});
