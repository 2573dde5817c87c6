import { describe, expect, it } from 'vitest';
import { runChaos } from '../../scripts/chaos.js';

/**
 * The small version of `npm run chaos`: three trials, one SIGKILL each of the CLI, the
 * second worker and the Temporal server, in the crawl, the enrichment and the write; each re-run
 * must leave the catalog equal to a clean run's, with no duplicates, no losses and
 * no process left behind.
 */
describe('chaos', () => {
  it('a run killed anywhere is made whole by the next run', { timeout: 900_000 }, async () => {
    const results = await runChaos({ trials: 3, tables: 30, seed: 11, log: () => undefined });
    for (const r of results) {
      expect({ trial: r.trial, target: r.target, stage: r.stage, rerunExit: r.rerunExit, duplicates: r.rows - r.ids, missing: r.missing, extra: r.extra, differing: r.differing, orphans: r.orphans }).toEqual({
        trial: r.trial, target: r.target, stage: r.stage, rerunExit: 0, duplicates: 0, missing: [], extra: [], differing: [], orphans: [],
      });
    }
    expect(results.map((r) => r.target)).toEqual(['cli', 'worker', 'server']);
    expect(results.map((r) => r.stage)).toEqual(['crawl', 'enrich', expect.stringMatching(/^(write|done)$/)]); // a write can end between two looks
  });
});
