import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { rowToRecord } from '../../schemas/arrow.js';
import { TABLES } from '../../infra/store/lance-store.js';
import { generateMonorepo } from '../../fixture/generate.js';
import type { EnrichInput } from '../../workflows/pipeline.js';

const root = join(import.meta.dirname, '..', '..');

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `grainline-${prefix}-`));

/** A generated monorepo with git history: enough tables for several shards. */
export async function generatedRepo(tables: number, seed: number): Promise<string> {
  const out = join(tempDir('fixture'), 'repo');
  await generateMonorepo({ out, tables, seed });
  return out;
}

export function runInput(repo: string, db: string, extra: Partial<EnrichInput> = {}): EnrichInput {
  return {
    repo,
    ref: 'HEAD',
    dbUri: db,
    stateDir: join(db, '_grainline'),
    full: false,
    usagePaths: [],
    annotationsDir: join(repo, 'annotations'),
    maxFileBytes: 1 << 20,
    ...extra,
  };
}

/**
 * `grainline <args>` as a child process against the test's Temporal server, on the
 * test's own task queue; resolves once `ready` shows on stderr.
 */
export function spawnGrainline(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): { proc: ChildProcess; ready: Promise<void>; output: () => string } {
  const proc = spawn(process.execPath, [join(root, 'bin', 'grainline.js'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const isReady = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`grainline ${args[0]} exited (${code}) before it was ready:\n${out}`)));
  });
  isReady.catch(() => undefined); // callers that only wait for the exit never look at it
  return { proc, ready: isReady, output: () => out };
}

export async function stop(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Every row of the tables table as comparable records: what a run wrote, without
 * the fields that name the run itself.
 */
export async function tableContents(
  db: string,
): Promise<{ rows: number; ids: number; runIds: string[]; records: Record<string, unknown>[] }> {
  const conn = await lancedb.connect(db);
  const table = await conn.openTable(TABLES);
  const rows = (await table.query().toArray()).map((r) => rowToRecord(r));
  const records = rows
    .map(({ runId, updatedAt, ...rest }) => (void runId, void updatedAt, rest))
    .sort((a, b) => a.id.localeCompare(b.id));
  const runIds = [...new Set(rows.map((r) => r.runId))].sort();
  return { rows: rows.length, ids: new Set(rows.map((r) => r.id)).size, runIds, records };
}
