import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runEnrichment } from '../../cli/run-enrichment.js';

describe('enrich --submit-only', () => {
  afterEach(() => vi.unstubAllEnvs());

  // without a cluster there is no worker to run it: starting an embedded server would wait forever
  it('needs TEMPORAL_ADDRESS, and says so before anything starts', async () => {
    vi.stubEnv('TEMPORAL_ADDRESS', undefined);
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-submit-')), 'db');
    await expect(runEnrichment({ repo: 'https://example.invalid/r.git', dbUri: db, submitOnly: true })).rejects.toThrow(/TEMPORAL_ADDRESS/);
  });
});
