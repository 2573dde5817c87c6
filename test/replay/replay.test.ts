import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../../cli/worker.js';
import { historyFromJson } from './history-json.js';

const dir = join(import.meta.dirname, 'histories');
/** file → the workflow id it was recorded under */
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, string>;
const files = Object.keys(index).sort();

/**
 * Replays recorded histories against today's workflow code: a change that would
 * make a running workflow take a different path (a non-deterministic change) fails
 * here. Intended changes: see README.md beside this file.
 */
describe('recorded workflow histories replay on the current workflow code', () => {
  it('has a small run, a backfill and a partial run, with their shard-group children', () => {
    for (const run of ['small-run', 'backfill', 'partial-run']) {
      expect(files).toContain(`${run}.json`);
      expect(files.some((f) => f.startsWith(`${run}.child-`))).toBe(true);
    }
  });

  it('replays every one of them', { timeout: 120_000 }, async () => {
    const histories = files.map((f) => ({ workflowId: index[f], history: historyFromJson(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }));
    const failures: string[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
