import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Usage } from '../schemas/table-record.js';
import type { Warning } from '../schemas/facts.js';
import { isAbsolute } from 'node:path';
import { annotationsAt, loadAnnotations, uncommittedAnnotations } from '../infra/git/annotations.js';
import { isRepoUrl, localRepo } from '../infra/git/repo-mirror.js';
import { workerDirFor } from '../infra/config/worker-dir.js';
import { connect, listRunRecords } from '../infra/store/lance-store.js';
import { loadCatalogIndex } from './catalog-index.js';
import { writeJsonl } from '../infra/run-folder/jsonl.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import { RUN_INPUT, runInputPath } from '../infra/run-folder/run-inputs.js';
import { safeHeartbeat } from './heartbeat.js';
import { setLimits } from '../enrichers/limits.js';
import { runConfigOr, type RunConfig } from '../infra/config/run-config.js';

export interface SideInputResult {
  records: number;
  tables: number;
  warnings: Warning[];
}

/** Aggregates query logs per catalog table and writes them next to the catalog shards. */
export async function aggregateUsage(input: { runDir: string; usagePaths: string[]; now: string; config?: RunConfig }): Promise<SideInputResult> {
  setLimits(runConfigOr(input.config).limits);
  const { lines, resolver } = await loadCatalogIndex(input.runDir);
  // loaded on use: it brings the SQL parsers (a second or more to load), which a run without query logs never needs
  const { readUsageLogs } = await import('./usage-logs.js');
  const res = await readUsageLogs(input.usagePaths.map((p) => runInputPath(input.runDir, p)), (n: string) => resolver.resolve(n), new Date(input.now), (n: number) =>
    safeHeartbeat({ records: n }),
  );
  const shardOf = new Map(lines.map((l) => [l.id, l.shard]));
  const byShard = new Map<number, { id: string; usage: Usage }[]>();
  for (const [id, usage] of res.usage) {
    const shard = shardOf.get(id);
    if (shard === undefined) continue;
    let list = byShard.get(shard);
    if (!list) byShard.set(shard, (list = []));
    list.push({ id, usage });
  }
  for (const [shard, list] of byShard) await writeJsonl(runPaths(input.runDir).usageShard(shard), list);
  return { records: res.records, tables: res.usage.size, warnings: res.warnings.slice(0, 100) };
}

/** Loads annotation files and keys them by catalog id; unknown tables are warnings. */
export async function resolveAnnotations(input: {
  runDir: string;
  /** a folder on this host, or, relative with `repo`, a folder in the repo at `commit` */
  dir: string;
  dbUri?: string;
  config?: RunConfig;
  repo?: string;
  commit?: string;
}): Promise<SideInputResult> {
  setLimits(runConfigOr(input.config).limits);
  const uploaded = input.dir.startsWith(RUN_INPUT);
  const inRepo = !uploaded && !isAbsolute(input.dir) && input.repo && input.commit ? { repo: input.repo, commit: input.commit } : null;
  if (uploaded) input = { ...input, dir: runInputPath(input.runDir, input.dir) };
  if (!inRepo && !existsSync(input.dir)) {
    await writeFile(runPaths(input.runDir).annotations, '{}');
    return { records: 0, tables: 0, warnings: await annotationsGone(input, 0, false) };
  }
  const { resolver } = await loadCatalogIndex(input.runDir);
  // read as committed at the run's commit, from a local repo or a worker's mirror alike: a
  // run describes one commit, and a cluster's worker has no checkout; a checkout's
  // uncommitted edits are said, as they no longer count
  const { annotations, warnings } = inRepo
    ? await annotationsAt(await localRepo(inRepo.repo, inRepo.commit, workerDirFor(input.dbUri)), inRepo.commit, input.dir)
    : await loadAnnotations(input.dir);
  if (inRepo && !isRepoUrl(inRepo.repo)) warnings.push(...(await uncommittedAnnotations(inRepo.repo, inRepo.commit, input.dir)));
  const byId: Record<string, unknown> = {};
  for (const a of annotations) {
    const id = resolver.resolve(a.table);
    if (!id) {
      warnings.push({ file: a.file ?? input.dir, code: 'unknown-table', message: `annotation for '${a.table}', which no file defines` });
      continue;
    }
    byId[id] = a;
  }
  await writeFile(runPaths(input.runDir).annotations, JSON.stringify(byId));
  warnings.push(...(await annotationsGone(input, annotations.length, !!inRepo)));
  return { records: annotations.length, tables: Object.keys(byId).length, warnings: warnings.slice(0, 100) };
}

/**
 * No annotations where the last good run loaded some: a moved or emptied folder would
 * otherwise drop every human note from the catalog without a word.
 */
async function annotationsGone(input: { dir: string; dbUri?: string; commit?: string }, loaded: number, inRepo: boolean): Promise<Warning[]> {
  if (loaded > 0 || !input.dbUri) return [];
  const last = (await listRunRecords(await connect(input.dbUri)).catch(() => [])).filter((r) => r.status === 'succeeded').at(-1);
  if (!last?.annotations) return [];
  const where = inRepo ? `${input.dir}/ as committed at ${input.commit!.slice(0, 12)}` : input.dir;
  return [{ file: input.dir, code: 'annotations-gone', message: `no annotations found in ${where}, while the last run (${last.runId}) loaded ${last.annotations}: is the folder right?` }];
}
