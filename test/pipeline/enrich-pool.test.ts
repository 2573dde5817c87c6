import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrichShardOnThread } from '../../activities/enrich-pool.js';

describe('enrich shards on worker threads', () => {
  it("passes a shard's failure back to the activity, naming the file, and goes on serving", async () => {
    const runDir = join(mkdtempSync(join(tmpdir(), 'grainline-pool-')), 'missing-run');
    const input = (shard: number) => ({ runDir, shard, commit: 'c', runId: 'r', full: false, now: new Date(0).toISOString() });
    await expect(enrichShardOnThread(input(0))).rejects.toThrow(/shard-00000\.keys\.json/);
    // the thread survived the failure: a second call is answered too
    await expect(enrichShardOnThread(input(1))).rejects.toThrow(/shard-00001\.keys\.json/);
  });
});
