import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runEnrichment } from '../../cli/run-enrichment.js';

describe('enrich --submit-only', () => {
  const saved = process.env.TEMPORAL_ADDRESS;
  afterEach(() => {
    if (saved === undefined) delete process.env.TEMPORAL_ADDRESS;
    else process.env.TEMPORAL_ADDRESS = saved;
  });

  // without a cluster there is no worker to run it: starting an embedded server would wait forever
  it('needs TEMPORAL_ADDRESS, and says so before anything starts', async () => {
    delete process.env.TEMPORAL_ADDRESS;
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-submit-')), 'db');
    await expect(runEnrichment({ repo: 'https://example.invalid/r.git', dbUri: db, submitOnly: true })).rejects.toThrow(/TEMPORAL_ADDRESS/);
  });
});
