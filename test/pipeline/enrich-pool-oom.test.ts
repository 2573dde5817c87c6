import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enrichShardOnThread } from '../../activities/enrich-pool.js';

describe('an enrich thread out of memory', () => {
  afterEach(() => {
    delete process.env.GRAINLINE_ENRICH_HEAP_MB;
    vi.restoreAllMocks();
  });

  it('leaves the shard to the worker itself rather than failing it', async () => {
    process.env.GRAINLINE_ENRICH_HEAP_MB = '1';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const runDir = join(mkdtempSync(join(tmpdir(), 'grainline-pool-')), 'missing-run');
    // The thread cannot even load under a 1 MB heap. Both the thread and the worker would
    // fail this shard the same way (its keys are missing), so the error alone proves
    // nothing: the warning shows the shard went to the worker because the thread ran out.
    await expect(enrichShardOnThread({ runDir, shard: 0, commit: 'c', runId: 'r', full: false, now: new Date(0).toISOString() })).rejects.toThrow(
      /shard-00000\.keys\.json/,
    );
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/shard 0 outgrew an enrich thread's 1 MB heap/));
  });
});
