import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import { hashingEmbedder } from '../../infra/store/embedder.js';
import { lastRunVersion, TABLES, upsertRecords, type RecordBatch } from '../../infra/store/lance-store.js';
import { VECTOR_INDEX } from '../../infra/store/vector-index.js';
import { openCatalog } from '../../reader/catalog.js';
import { ordersEntry } from '../merge/fixtures.js';

const WORDS = ['orders', 'customers', 'payments', 'invoices', 'sessions', 'refunds', 'daily', 'monthly', 'region', 'product', 'ledger', 'events'];

const textOf = (i: number) => `t${i} ${WORDS[i % 12]} ${WORDS[Math.floor(i / 12) % 12]} ${WORDS[Math.floor(i / 144) % 12]}`;

/** n tables with distinct search texts (three words each), embedded as a run would. */
async function rows(n: number, runId: string, from = 0): Promise<RecordBatch> {
  const out: RecordBatch = [];
  for (let i = from; i < from + n; i++) {
    const id = `analytics.t${i}`;
    const text = textOf(i);
    const merged = mergeTable({ ...ordersEntry(), id, table: id }, { usage: null, annotation: null, model: null, similar: [] });
    const record = { ...merged, fingerprint: runId, commit: 'c0ffee', runId, updatedAt: '2026-01-01T00:00:00Z' };
    out.push({ record, vector: (await hashingEmbedder.embed([text]))[0], searchText: text });
  }
  return out;
}

const write = (db: lancedb.Connection, runId: string, batch: RecordBatch, minRows: number) =>
  upsertRecords(db, () => (async function* () { yield batch; })(), { runId, vectorDim: hashingEmbedder.dim!, deleteIds: [], vectorIndexMinRows: minRows });

/** The indexes of the version readers read: the last run's tag. */
async function taggedIndexes(dir: string): Promise<string[]> {
  const table = await (await lancedb.connect(dir)).openTable(TABLES);
  await table.checkout((await lastRunVersion(table))!);
  return (await table.listIndices()).map((i) => i.name);
}

const newDb = () => join(mkdtempSync(join(tmpdir(), 'grainline-vector-index-')), 'db');

/**
 * Past a size the writer builds an IVF-PQ vector index inside the run, before the
 * tag: readers read the tagged version, so an index built after it would not be used
 * until the next run. A threshold of a few hundred rows stands in for the 50k default.
 */
describe('the vector index', () => {
  it('is built inside a run past the threshold, not below it, and search still finds tables', async () => {
    const dir = newDb();
    const db = await lancedb.connect(dir);
    const small = await write(db, 'r1', await rows(300, 'r1'), 1000);
    expect(small.vectorIndex).toBe('none');
    expect(await taggedIndexes(dir)).not.toContain(VECTOR_INDEX);

    const res = await write(db, 'r2', await rows(20, 'r2', 300), 300);
    expect(res.vectorIndex).toBe('built');
    expect(await taggedIndexes(dir)).toContain(VECTOR_INDEX);

    const catalog = await openCatalog(dir);
    const hits = await catalog.search(textOf(17), { mode: 'vector', limit: 5 });
    expect(hits[0]?.table).toBe('analytics.t17');
    expect((await catalog.search('t305', { limit: 3 }))[0]?.table).toBe('analytics.t305');
    catalog.close();

    // a night that changed little keeps the index; one that changed a third folds the rows in
    expect((await write(db, 'r3', await rows(10, 'r3'), 300)).vectorIndex).toBe('kept');
    expect((await write(db, 'r4', await rows(110, 'r4'), 300)).vectorIndex).toBe('updated');
    expect(await taggedIndexes(dir)).toContain(VECTOR_INDEX);
  });

  it('one that cannot be built warns and leaves the run written, searched by a flat scan', async () => {
    const dir = newDb();
    // three rows cannot train product quantization (256 centroids a sub-vector)
    const res = await write(await lancedb.connect(dir), 'r1', await rows(3, 'r1'), 1);
    expect(res.vectorIndex).toBe('failed');
    const catalog = await openCatalog(dir);
    expect((await catalog.search(textOf(1), { mode: 'vector', limit: 1 }))[0]?.table).toBe('analytics.t1');
    catalog.close();
  });

  it('a write killed after the build, before its tag, leaves the last run readable', async () => {
    const dir = newDb();
    await write(await lancedb.connect(dir), 'r1', await rows(300, 'r1'), 300);
    // the second run rewrites every row, rebuilds the index and dies before tagging
    const child = `
      import { readFileSync } from 'node:fs';
      import * as lancedb from '@lancedb/lancedb';
      import { upsertRecords } from ${JSON.stringify(join(import.meta.dirname, '../../infra/store/lance-store.ts'))};
      const rows = JSON.parse(readFileSync(process.env.ROWS, 'utf8'));
      await upsertRecords(await lancedb.connect(process.env.DB), () => (async function* () { yield rows; })(), { runId: 'r2', vectorDim: ${hashingEmbedder.dim}, deleteIds: [], vectorIndexMinRows: 300 });
      console.log('tagged');`;
    const rowsFile = join(dir, '..', 'r2.json');
    writeFileSync(rowsFile, JSON.stringify(await rows(300, 'r2')));
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
      env: { ...process.env, DB: dir, ROWS: rowsFile, GRAINLINE_KILL_AT: 'vector-indexed' },
      encoding: 'utf8',
    });
    expect(run.signal, `${run.error ?? ''} ${run.stderr}`).toBe('SIGKILL');
    expect(run.stdout).not.toContain('tagged');

    const catalog = await openCatalog(dir);
    expect((await catalog.get('analytics.t17'))?.runId).toBe('r1');
    expect((await catalog.search(textOf(17), { mode: 'vector', limit: 1 }))[0]?.table).toBe('analytics.t17');
    catalog.close();
    expect(await taggedIndexes(dir)).toContain(VECTOR_INDEX);

    // and the next run writes over what the killed one left
    await write(await lancedb.connect(dir), 'r3', await rows(5, 'r3'), 300);
    const after = await openCatalog(dir);
    expect((await after.get('analytics.t2'))?.runId).toBe('r3');
    after.close();
  });
});
