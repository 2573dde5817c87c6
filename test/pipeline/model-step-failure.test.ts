import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as activities from '../../activities/index.js';
import { runPipeline } from '../../workflows/pipeline.js';
import { defaultModelConfig } from '../../enrichers/model/config.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { runInput } from '../helpers/temporal-run.js';

/**
 * Issue 21, item 9: a model step that fails outright (its activity throws) leaves the
 * run static-only, and the reason reaches the run's warnings: it was swallowed into a
 * bare count of one before.
 */
describe('a model step that fails outright', () => {
  it('is a model-step-failed warning with its reason, and the static run still writes', async () => {
    const repo = await makeGitRepo(shopCommits);
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-modelfail-')), 'db');
    const input = runInput(repo, db, { model: defaultModelConfig({ model: 'gpt-4.1-mini', baseURL: 'http://127.0.0.1:9' }) });
    const modelEnrich = async () => {
      throw new Error('the model server refused every connection');
    };
    const summary = await runPipeline({ ...activities, modelEnrich }, input, { now: () => new Date(), runSuffix: 'mfail', progress: { stage: 'start', shardsDone: 0, shards: 0 } });
    expect(summary.warningCodes['model-step-failed']).toBe(1);
    expect(summary.warningSample.join('\n')).toMatch(/model-step-failed: .*the model server refused every connection/);
    expect(summary.enriched).toBeGreaterThan(0);
    expect(summary.failed).toBe(0);
  }, 120_000);
});
