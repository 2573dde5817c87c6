import { parentPort, workerData } from 'node:worker_threads';
import { setLimits } from '../enrichers/limits.js';
import type { FileFacts } from '../schemas/facts.js';
import { loadPythonParser } from '../enrichers/python/parser.js';
import { packUnit } from '../infra/cache/analysis-cache.js';
import { DiskMemo } from '../infra/cache/analysis-memo.js';
import { isDbtProjectFile } from '../enrichers/dbt/project.js';
import { analyzeUnit, type AnalysisUnit } from './analysis-units.js';

export interface ThreadTask {
  id: number;
  units: Pick<AnalysisUnit, 'owned' | 'context' | 'key'>[];
  /** where dbt projects keep their SQL memo between runs; none: parse everything */
  memoDir?: string;
}

/**
 * A unit's facts, or for the dbt project its pack lines (`packUnit`): they move to
 * the crawl without a copy, which writes them to the analysis cache as they are and
 * parses the facts from them.
 */
export type UnitFacts = FileFacts[] | { packed: Uint8Array[] };

export interface ThreadResult {
  id: number;
  facts?: UnitFacts[];
  error?: string;
}

// the crawl thread's limits: the run's
setLimits((workerData as { limits?: Parameters<typeof setLimits>[0] } | null)?.limits ?? {});

const python = loadPythonParser();

parentPort!.on('message', async (task: ThreadTask) => {
  let reply: ThreadResult;
  try {
    const py = await python;
    const facts: UnitFacts[] = [];
    for (const u of task.units) {
      // only the dbt unit (every project together) is big enough to be worth a memo
      const memo = task.memoDir && u.owned.some(isDbtProjectFile) ? await DiskMemo.open(task.memoDir) : undefined;
      const unitFacts = analyzeUnit(u, py, memo);
      facts.push(memo ? { packed: packUnit(u.key, unitFacts) } : unitFacts);
      await memo?.save();
    }
    reply = { id: task.id, facts };
  } catch (err) {
    reply = { id: task.id, error: (err as Error)?.stack ?? String(err) };
  }
  const moved = (reply.facts ?? []).flatMap((f) => ('packed' in f ? f.packed.map((c) => c.buffer as ArrayBuffer) : []));
  parentPort!.postMessage(reply, moved);
});
