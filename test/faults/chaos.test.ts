import { describe, expect, it } from 'vitest';
import { runChaos } from '../../scripts/chaos.js';

/**
 * The CI version of `npm run chaos` (whose random kills of the CLI, the second worker
 * and the Temporal server in every stage take minutes a trial under load: run them by
 * hand, `npm run chaos -- --trials 20`). Here the CLI SIGKILLs itself at fixed points
 * of the write (infra/store/kill-point.ts), one run after the other on one db: first
 * with the run's rows committed but not tagged, then with a run tagged but not
 * recorded. The run after must leave the catalog equal to a clean run's, with no
 * duplicates, no losses, no process behind, and no run recorded succeeded without
 * its tagged version.
 */
describe('chaos at fixed kill points', () => {
  it('runs killed in their write are made whole by the next run', { timeout: 300_000 }, async () => {
    const [r] = await runChaos({ trials: 1, tables: 10, seed: 11, killPoints: ['write-committed', 'before-run-record'], log: () => undefined });
    expect(r.stage).toBe('write-committed then before-run-record'); // each point was reached
    expect({ rerunExit: r.rerunExit, duplicates: r.rows - r.ids, missing: r.missing, extra: r.extra, differing: r.differing, orphans: r.orphans, unbacked: r.unbacked }).toEqual({
      rerunExit: 0, duplicates: 0, missing: [], extra: [], differing: [], orphans: [], unbacked: [],
    });
  });
});
