import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import type { RunRecord } from '../schemas/run-record.js';
import type { TableRecord } from '../schemas/table-record.js';
import { embedderFromEnv } from './embedder.js';
import { readJsonl } from './jsonl.js';
import { appendRunRecord, connect, upsertRecords } from './lance-store.js';
import { runPaths } from './run-dir.js';
import { safeHeartbeat } from './crawl.js';

export interface WriteInput {
  dbUri: string;
  runDir: string;
  runId: string;
  recordPaths: string[];
  /** copied into place after the commit, so the next run reuses only committed answers */
  modelFingerprints?: { from: string; to: string };
}

async function* batchesFrom(paths: string[]): AsyncGenerator<{ record: TableRecord; vector: number[]; searchText: string }[]> {
  for (const [i, p] of paths.entries()) {
    const batch: { record: TableRecord; vector: number[]; searchText: string }[] = [];
    for await (const line of readJsonl<{ record: TableRecord; vector: number[]; searchText: string }>(p)) batch.push(line);
    safeHeartbeat({ written: i });
    yield batch;
  }
}

/** The only activity that writes the tables table: one writer per LanceDB table. */
export async function writeRecords(
  input: WriteInput,
): Promise<{ version: number; upserted: number; deleted: number; embedder: string }> {
  const db = await connect(input.dbUri);
  const deletionsPath = runPaths(input.runDir).deletions;
  const deleteIds: string[] = existsSync(deletionsPath) ? JSON.parse(await readFile(deletionsPath, 'utf8')) : [];
  const first = input.recordPaths[0];
  let dim = 0;
  if (first) for await (const l of readJsonl<{ vector: number[] }>(first)) { dim = l.vector.length; break; }
  if (!dim) dim = (await embedderFromEnv().embed(['probe']))[0].length;
  const res = await upsertRecords(db, batchesFrom(input.recordPaths), { runId: input.runId, vectorDim: dim, deleteIds });
  if (input.modelFingerprints && existsSync(input.modelFingerprints.from)) {
    await copyFile(input.modelFingerprints.from, input.modelFingerprints.to);
  }
  return { ...res, embedder: embedderFromEnv().name };
}

export async function recordRun(input: { dbUri: string; run: RunRecord }): Promise<void> {
  await appendRunRecord(await connect(input.dbUri), input.run);
}
