import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { appendRunRecord, listRunRecords, RUNS, storedFingerprints, TABLES, upsertRecords, type RecordBatch } from '../../infra/store/lance-store.js';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import type { RunRecord } from '../../schemas/run-record.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from '../diff/run-cli.js';
import { ordersEntry } from '../merge/fixtures.js';

/**
 * Found by `npm run chaos` (trial 4 of a 20-trial run): the CLI SIGKILLed as the first
 * write began left `tables.lance/` with a transactions folder and no `_versions`
 * (LanceDB writes the manifest last), and every later run failed with
 * "tables.lance/_versions not found". The same holds for the runs table's first row.
 * The state is made here as the kill left it: the table's folder and nothing committed.
 */
const killedCreate = (db: string, table: string) => mkdirSync(join(db, `${table}.lance`, '_transactions'), { recursive: true });

function row(id: string, runId: string, dim: number): RecordBatch[number] {
  const merged = mergeTable({ ...ordersEntry(), id, table: id }, { usage: null, annotation: null, model: null, similar: [] });
  return { record: { ...merged, fingerprint: runId, commit: 'c0ffee', runId, updatedAt: '2026-01-01T00:00:00Z' }, vector: Array(dim).fill(1), searchText: `${id} ${runId}` };
}
const batches = (list: RecordBatch[]) => () => (async function* () { yield* list; })();
const write = (db: lancedb.Connection, runId: string, dim: number, list: RecordBatch[]) => upsertRecords(db, batches(list), { runId, vectorDim: dim, deleteIds: [] });
const ids = async (t: lancedb.Table) => (await t.query().select(['id', 'runId']).toArray()).map((r) => `${r.id}@${r.runId}`).sort();
const newDir = () => join(mkdtempSync(join(tmpdir(), 'grainline-killed-create-')), 'db');

const run = (runId: string): RunRecord => ({
  runId, commit: 'c0ffee', tables: 1, enriched: 1, skipped: 0, failed: 0, warnings: 0, warningCodes: {}, warningSample: [], durationMs: 1,
  repo: '/r', ref: 'HEAD', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', status: 'succeeded', lanceVersion: 3,
  embedder: 'hashing', modelRequests: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, estimatedCostUsd: 0, annotations: 0, error: null,
});

describe('a table whose create was killed before its first commit', () => {
  it('is no table to the planner, and the next write creates it', async () => {
    const dir = newDir();
    killedCreate(dir, TABLES);
    const db = await lancedb.connect(dir);
    expect(await db.tableNames()).toContain(TABLES); // LanceDB lists the folder all the same
    expect(await storedFingerprints(db)).toEqual(new Map());
    await write(db, 'r1', 4, [[row('a', 'r1', 4)]]);
    const table = await db.openTable(TABLES);
    expect(await ids(table)).toEqual(['a@r1']);
    expect(Object.keys(await (await table.tags()).list())).toEqual(['run-r1']);
  });

  it('is no runs table: no runs are listed, and the next run record creates it', async () => {
    const dir = newDir();
    killedCreate(dir, RUNS);
    const db = await lancedb.connect(dir);
    expect(await listRunRecords(db)).toEqual([]);
    await appendRunRecord(db, run('r1'));
    expect((await listRunRecords(db)).map((r) => r.runId)).toEqual(['r1']);
  });

  it('is no catalog to readers: search and show say so, exit 2', async () => {
    const dir = newDir();
    killedCreate(dir, TABLES);
    for (const args of [['search', 'orders', '--db', dir], ['show', 'orders', '--db', dir]]) {
      const r = await grainline(args);
      expect({ code: r.code, err: r.err }).toEqual({ code: 2, err: expect.stringMatching(/no Grainline catalog at/) });
    }
  });

  it('through the CLI: the next enrich completes and the catalog reads', async () => {
    const repo = await makeGitRepo(shopCommits);
    const dir = newDir();
    killedCreate(dir, TABLES);
    killedCreate(dir, RUNS);
    const r = await grainline(['enrich', '--repo', repo, '--db', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const runs = JSON.parse((await grainline(['runs', '--db', dir, '--json'])).out);
    expect(runs.map((x: { status: string }) => x.status)).toEqual(['succeeded']);
    expect((await grainline(['search', 'orders', '--db', dir, '--json'])).code).toBe(0);
  }, 120_000);

  it('a table with a manifest that does not read is a real failure, not an empty catalog: the run fails and says why', async () => {
    const repo = await makeGitRepo(shopCommits);
    const dir = newDir();
    mkdirSync(join(dir, `${TABLES}.lance`, '_versions'), { recursive: true });
    writeFileSync(join(dir, `${TABLES}.lance`, '_versions', '1.manifest'), 'not a manifest');
    const r = await grainline(['enrich', '--repo', repo, '--db', dir]);
    expect(r.code).toBe(1);
    // Temporal's "Workflow execution failed" alone hid the reason
    expect(r.err).toMatch(/Workflow execution failed: .*not a manifest/);
  }, 120_000);
});

describe('a write with another embedder (vector size) replaces the rows without dropping the table', () => {
  it('keeps the last run readable, to readers that have it open and after a failed write', async () => {
    const db = await lancedb.connect(newDir());
    await write(db, 'r1', 4, [[row('a', 'r1', 4)], [row('b', 'r1', 4)]]);
    const reader = await db.openTable(TABLES);
    const poisoned = { ...row('bad', 'r2', 8), record: { id: 'bad' } as RecordBatch[number]['record'] }; // a record with no fields
    await expect(write(db, 'r2', 8, [[row('a', 'r2', 8)], [poisoned]])).rejects.toThrow();
    // dropping the table lost r1's rows here: the folder was gone, the new one empty
    expect(await ids(reader)).toEqual(['a@r1', 'b@r1']);
    const latest = await db.openTable(TABLES);
    expect(await ids(latest)).toEqual(['a@r1', 'b@r1']);
    expect(Object.keys(await (await latest.tags()).list())).toEqual(['run-r1']);
  });

  it('a write that succeeds keeps the earlier runs tagged, so `diff` can still read them', async () => {
    const db = await lancedb.connect(newDir());
    await write(db, 'r1', 4, [[row('a', 'r1', 4)]]);
    await write(db, 'r2', 8, [[row('c', 'r2', 8)]]);
    const table = await db.openTable(TABLES);
    expect(await ids(table)).toEqual(['c@r2']);
    const tags = await (await table.tags()).list();
    expect(Object.keys(tags).sort()).toEqual(['run-r1', 'run-r2']);
    await table.checkout('run-r1');
    expect(await ids(table)).toEqual(['a@r1']);
  });
});
