import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDirect } from '../../cli/run-direct.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

describe('an annotations folder that suddenly holds nothing', () => {
  it('is a warning when the last good run loaded some', async () => {
    const repo = await makeGitRepo(shopCommits);
    const work = mkdtempSync(join(tmpdir(), 'grainline-anngone-'));
    const db = join(work, 'db');
    const full = join(work, 'annotations');
    const empty = join(work, 'emptied');
    mkdirSync(full);
    mkdirSync(empty);
    writeFileSync(join(full, 'fct.yml'), 'table: marts.fct_daily_revenue\ndescription: Finance-approved daily revenue.\n');
    const run = (annotationsDir: string) =>
      runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir: join(db, '_grainline'), full: false, usagePaths: [], annotationsDir, maxFileBytes: 1 << 20 });
    const first = await run(full);
    expect(first.warningCodes['annotations-gone']).toBeUndefined();
    const second = await run(empty);
    expect(second.warningCodes['annotations-gone']).toBe(1);
    expect(second.warningSample.join('\n')).toMatch(/no annotations found in .*emptied, while the last run \(\S+\) loaded 1: is the folder right\?/);
  }, 60_000);
});
