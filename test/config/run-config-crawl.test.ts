import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crawlRepo } from '../../activities/crawl.js';
import { resolveSettings } from '../../infra/config/resolve-config.js';
import { runConfigOf } from '../../infra/config/run-config.js';
import { makeGitRepo } from '../helpers/git-repo.js';

describe('a crawl reads under the run config it is handed, not its worker environment', () => {
  it('takes the limits (in its thread and the analysis threads) and the embedder choice from the input', { timeout: 180_000 }, async () => {
    const repo = await makeGitRepo([{ files: { 'jobs/orders.sql': `create table mart.orders as select id, amount from raw.orders; -- ${'x'.repeat(300)}\n` } }]);
    // what the command that started the run resolved; this process's environment sets none of it
    const config = runConfigOf(resolveSettings({ env: { GRAINLINE_SQL_MAX_BYTES: '100', GRAINLINE_EMBEDDING_MODEL: 'nomic-embed-text' }, file: {} }));
    const runDir = join(mkdtempSync(join(tmpdir(), 'grainline-run-config-')), 'run');
    const crawl = await crawlRepo({ repo, ref: 'HEAD', runDir, maxFileBytes: config.limits.fileBytes, config });
    expect(crawl.embedder).toBe('openai:nomic-embed-text');
    const warnings = readFileSync(join(runDir, 'warnings.jsonl'), 'utf8');
    expect(warnings).toContain('GRAINLINE_SQL_MAX_BYTES');
  });
});
