import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrichShardOnThread } from '../../activities/enrich-pool.js';

describe('an enrich thread out of memory', () => {
  it('leaves the shard to the worker itself rather than failing it', async () => {
    process.env.GRAINLINE_ENRICH_HEAP_MB = '1';
    try {
      const runDir = join(mkdtempSync(join(tmpdir(), 'grainline-pool-')), 'missing-run');
      // the thread cannot even load; the shard's own error (its missing keys) comes from the worker's run of it
      await expect(enrichShardOnThread({ runDir, shard: 0, commit: 'c', runId: 'r', full: false, now: new Date(0).toISOString() })).rejects.toThrow(
        /shard-00000\.keys\.json/,
      );
    } finally {
      delete process.env.GRAINLINE_ENRICH_HEAP_MB;
    }
  });
});
