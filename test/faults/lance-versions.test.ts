import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { lastGoodVersion, maintainTable, TABLES, upsertRecords, type RecordBatch, type WriteMark } from '../../infra/store/lance-store.js';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import { ordersEntry } from '../merge/fixtures.js';

const DIM = 4;

function row(id: string, runId: string, vector = [1, 0, 0, 0]): RecordBatch[number] {
  const merged = mergeTable({ ...ordersEntry(), id, table: id }, { usage: null, annotation: null, model: null, similar: [] });
  return { record: { ...merged, fingerprint: runId, commit: 'c0ffee', runId, updatedAt: '2026-01-01T00:00:00Z' }, vector, searchText: `${id} ${runId}` };
}

const from = (batches: RecordBatch[], seen: number[] = []) => (skip: number) => {
  seen.push(skip);
  return (async function* () {
    for (const b of batches.slice(skip)) yield b;
  })();
};

async function write(db: lancedb.Connection, runId: string, batches: RecordBatch[], extra: { resume?: WriteMark; onCommit?: (m: WriteMark) => void; seen?: number[] } = {}) {
  return upsertRecords(db, from(batches, extra.seen), { runId, vectorDim: DIM, deleteIds: [], batchRows: 1, ...extra });
}

async function contents(db: lancedb.Connection) {
  const t = await db.openTable(TABLES);
  return (await t.query().select(['id', 'runId']).toArray()).map((r) => `${r.id}@${r.runId}`).sort();
}

const newDb = () => lancedb.connect(join(mkdtempSync(join(tmpdir(), 'grainline-lance-')), 'db'));

describe('the LanceDB writer across runs', () => {
  it('restores the last run when a write fails after committing some batches', async () => {
    const db = await newDb();
    await write(db, 'r1', [[row('a', 'r1')], [row('b', 'r1')]]);
    const before = await contents(db);
    const poisoned = { ...row('bad', 'r2'), record: { id: 'bad' } as RecordBatch[number]['record'] }; // a record with no fields
    await expect(write(db, 'r2', [[row('a', 'r2')], [row('c', 'r2')], [poisoned]])).rejects.toThrow();
    expect(await contents(db)).toEqual(before);
    const table = await db.openTable(TABLES);
    expect(Object.keys(await (await table.tags()).list())).toEqual(['run-r1']);
    expect(await lastGoodVersion(table)).toBe((await (await table.tags()).list())['run-r1'].version);
  });

  it('resumes after the batches an earlier attempt committed, unless the table moved since', async () => {
    const db = await newDb();
    const marks: WriteMark[] = [];
    const batches = [[row('a', 'r1')], [row('b', 'r1')], [row('c', 'r1')]];
    await write(db, 'r1', batches, { onCommit: (m) => marks.push(m) });
    expect(marks.map((m) => m.batches)).toEqual([1, 2, 3]);

    const seen: number[] = [];
    // the attempt that crashed reported two batches at the version the table is at now
    const table = await db.openTable(TABLES);
    await write(db, 'r1', batches, { resume: { batches: 2, version: await table.version() }, seen });
    await write(db, 'r1', batches, { resume: { batches: 2, version: 1 }, seen });
    expect(seen).toEqual([2, 0]);
    expect(await contents(db)).toEqual(['a@r1', 'b@r1', 'c@r1']);
  });

  it('compacts small fragments, keeps the newest runs tagged and readable, removes older versions', async () => {
    const db = await newDb();
    // every run adds three tables, one commit each: fifteen small fragments
    const run = (r: string) => write(db, r, [[row(`${r}.a`, r)], [row(`${r}.b`, r)], [row(`${r}.c`, r)]]);
    for (const r of ['r1', 'r2', 'r3']) await run(r);
    await new Promise((res) => setTimeout(res, 3000));
    for (const r of ['r4', 'r5']) await run(r);
    const table = await db.openTable(TABLES);
    const versionsBefore = (await table.listVersions()).length;

    const res = await maintainTable(table, { keepRuns: 2, olderThanMs: 0, minSmallFragments: 4, marginMs: 1500 });
    expect(res).toMatchObject({ compacted: true, tagsRemoved: 3 });
    expect(res.fragmentsRemoved).toBeGreaterThan(0);
    expect(res.versionsRemoved).toBeGreaterThan(0);
    expect((await table.listVersions()).length).toBeLessThan(versionsBefore);
    const tags = await (await table.tags()).list();
    expect(Object.keys(tags).sort()).toEqual(['run-r4', 'run-r5']);
    expect((await table.stats()).fragmentStats.numFragments).toBe(1);
    expect(await contents(db)).toHaveLength(15);
    await table.checkout(tags['run-r4'].version);
    expect(await table.countRows()).toBe(12);
  });

  it('rebuilds the full-text index only once a tenth of the rows are outside it; those are found meanwhile', async () => {
    const db = await newDb();
    const rows = (r: string, n: number) => [Array.from({ length: n }, (_, i) => row(`t${r}x${i}`, r))];
    await upsertRecords(db, from(rows('one', 20)), { runId: 'r1', vectorDim: DIM, deleteIds: [] });
    // a fresh handle each time: an open one keeps reading the version it was opened at
    const unindexed = async () => (await (await db.openTable(TABLES)).indexStats('search_text_idx'))?.numUnindexedRows;
    expect(await unindexed()).toBe(0);
    await upsertRecords(db, from(rows('two', 1)), { runId: 'r2', vectorDim: DIM, deleteIds: [] });
    expect(await unindexed()).toBe(1);
    const hits = await (await db.openTable(TABLES)).query().fullTextSearch('ttwox0').toArray();
    expect(hits.map((r) => r.id)).toEqual(['ttwox0']);
    await upsertRecords(db, from(rows('three', 5)), { runId: 'r3', vectorDim: DIM, deleteIds: [] });
    expect(await unindexed()).toBe(0);
  });

  it('leaves a table with few small fragments alone', async () => {
    const db = await newDb();
    await write(db, 'r1', [[row('a', 'r1')]]);
    const table = await db.openTable(TABLES);
    expect(await maintainTable(table, { keepRuns: 2, olderThanMs: 0, minSmallFragments: 4 })).toMatchObject({ compacted: false, tagsRemoved: 0 });
  });
});
