import { parentPort } from 'node:worker_threads';
import type { FileFacts } from '../schemas/facts.js';
import { loadPythonParser } from '../enrichers/python/parser.js';
import { analyzeUnit, type AnalysisUnit } from './analysis-units.js';

export interface ThreadTask {
  id: number;
  units: Pick<AnalysisUnit, 'owned' | 'context'>[];
}

export interface ThreadResult {
  id: number;
  facts?: FileFacts[][];
  error?: string;
}

const python = loadPythonParser();

parentPort!.on('message', async (task: ThreadTask) => {
  let reply: ThreadResult;
  try {
    const py = await python;
    reply = { id: task.id, facts: task.units.map((u) => analyzeUnit(u, py)) };
  } catch (err) {
    reply = { id: task.id, error: (err as Error)?.stack ?? String(err) };
  }
  parentPort!.postMessage(reply);
});
