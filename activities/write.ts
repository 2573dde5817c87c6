import { existsSync } from 'node:fs';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunRecord } from '../schemas/run-record.js';
import { runEmbedder } from '../infra/store/embedder.js';
import { keepBeating, lastHeartbeat } from './heartbeat.js';
import { killPoint } from '../infra/store/kill-point.js';
import { readJsonl } from '../infra/run-folder/jsonl.js';
import { appendRunRecord, connect, maintainTable, runTag, TABLES, upsertRecords, type MaintenanceResult, type RecordBatch, type WriteMark } from '../infra/store/lance-store.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import { laterRun, writtenRunIds } from '../infra/store/run-order.js';
import { UserError } from '../infra/errors.js';
import { withWriteLock } from '../infra/store/write-lock.js';
import { resolveSettings } from '../infra/config/resolve-config.js';
import type { VectorIndexAction } from '../infra/store/vector-index.js';

export interface WriteInput {
  dbUri: string;
  runDir: string;
  runId: string;
  /** default: every records shard in the run folder, in shard order */
  recordPaths?: string[];
  /** rows per LanceDB commit */
  writeBatch?: number;
  /** copied into place after the commit, so the next run reuses only committed answers */
  modelFingerprints?: { from: string; to: string };
  /** the embedder the shards used (CrawlResult.embedder); absent in older histories: chosen from the catalog's size */
  embedder?: string;
  catalogTables?: number;
}

/** Tags of this many recent runs are kept (for `diff` and rollback); older versions may go. */
const KEEP_RUNS = 14;
const CLEANUP_OLDER_THAN_MS = 24 * 3600_000;
/** Compaction waits until this many small fragments (about one run's worth of batches) pile up. */
const MIN_SMALL_FRAGMENTS = 24;

async function* batchesFrom(paths: string[], embedder: string): AsyncGenerator<RecordBatch> {
  for (const p of paths) {
    const batch: RecordBatch = [];
    for await (const { embedder: by, ...line } of readJsonl<RecordBatch[number] & { embedder?: string }>(p)) {
      // one run, one vector space: a shard embedded otherwise is an error, never mixed in
      if (by && by !== embedder) throw new Error(`${p}: embedded with ${by}, but this run embeds with ${embedder}`);
      batch.push(line);
    }
    yield batch;
  }
}

/**
 * The only activity that writes the tables table: one writer per LanceDB table (a
 * lock across runs), resumable after a crash from its last heartbeat, compacting
 * the table when fragments pile up.
 */
export async function writeRecords(
  input: WriteInput,
): Promise<{ version: number; upserted: number; deleted: number; vectorIndex: VectorIndexAction; embedder: string; maintenance: MaintenanceResult }> {
  const paths = input.recordPaths ?? (await recordShards(input.runDir));
  const deletionsPath = runPaths(input.runDir).deletions;
  const deleteIds: string[] = existsSync(deletionsPath) ? JSON.parse(await readFile(deletionsPath, 'utf8')) : [];
  const embedder = runEmbedder(input);
  let dim = 0;
  if (paths[0]) for await (const l of readJsonl<{ vector: number[] }>(paths[0])) { dim = l.vector.length; break; }
  if (!dim) dim = embedder.dim ?? (await embedder.embed(['probe']))[0].length;

  let mark = lastHeartbeat<WriteMark>();
  const stop = keepBeating(() => mark ?? { stage: 'waiting for the write lock' });
  try {
    return await withWriteLock(runPaths(input.runDir).state.writerLock, input.runId, async () => {
      const db = await connect(input.dbUri);
      const later = laterRun(input.runId, await writtenRunIds(db));
      if (later) {
        throw new UserError(
          `run ${input.runId} is out of date: run ${later} started after it and has written the catalog, so this run's older view is not written (the next run plans its tables again)`,
        );
      }
      const res = await upsertRecords(db, (skip) => batchesFrom(paths.slice(skip), embedder.name), {
        runId: input.runId,
        vectorDim: dim,
        deleteIds,
        batchRows: input.writeBatch,
        resume: mark,
        // the writer's machine builds it: its size and patience, not the run's
        vectorIndexMinRows: resolveSettings().vectorIndexMinRows,
        onCommit: (m) => {
          mark = m;
          killPoint('write-committed');
        },
      });
      if (input.modelFingerprints && existsSync(input.modelFingerprints.from)) {
        await copyFile(input.modelFingerprints.from, input.modelFingerprints.to);
      }
      const table = await db.openTable(TABLES);
      const maintenance = await maintainTable(table, {
        keepRuns: KEEP_RUNS,
        olderThanMs: CLEANUP_OLDER_THAN_MS,
        minSmallFragments: MIN_SMALL_FRAGMENTS,
      });
      // compaction rewrote the run's rows into a newer version: the run's tag, which
      // readers read, moves there (same rows, fewer fragments)
      if (maintenance.compacted) await (await table.tags()).update(runTag(input.runId), await table.version());
      return { ...res, embedder: embedder.name, maintenance };
    });
  } finally {
    stop();
  }
}

async function recordShards(runDir: string): Promise<string[]> {
  const dir = runPaths(runDir).recordsDir;
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f));
}

export async function recordRun(input: { dbUri: string; run: RunRecord }): Promise<void> {
  if (input.run.status === 'succeeded') killPoint('before-run-record');
  await appendRunRecord(await connect(input.dbUri), input.run);
}
