import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoTarget } from '../../cli/repo-target.js';
import { runDirect } from '../../cli/run-direct.js';
import { maxFileBytes, stateDirFor } from '../../cli/options.js';
import { openCatalog } from '../../reader/catalog.js';
import { addCommit, makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

const NOTE = (owner: string) => `table: marts.fct_daily_revenue\nowners: [${owner}]\n`;

/**
 * Issue 21: a nightly or `enrich` run on a local checkout reads annotations as committed
 * at the run's commit, as `diff` does and as a cluster's worker must; the checkout's
 * uncommitted edits no longer count, and each is a warning rather than a silent loss.
 */
describe('annotations of a run on a local checkout', () => {
  it('come from the commit; uncommitted edits are warned about; a committed deletion is annotations-gone', async () => {
    const repo = await makeGitRepo([...shopCommits, { files: { 'annotations/finance.yml': NOTE('finance-analytics') } }]);
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-anncommit-')), 'db');
    const run = () => {
      const { annotationsDir } = repoTarget(repo, undefined);
      return runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir: stateDirFor(db), full: false, usagePaths: [], annotationsDir, maxFileBytes: maxFileBytes() });
    };
    writeFileSync(join(repo, 'annotations', 'finance.yml'), NOTE('uncommitted-team'));
    writeFileSync(join(repo, 'annotations', 'new.yml'), NOTE('another-team'));

    const first = await run();
    expect(first.warningCodes['annotation-uncommitted']).toBe(2);
    expect(first.warningSample.join('\n')).toMatch(/annotations\/new\.yml: annotation-uncommitted: a new file in the working tree but not committed; this run reads annotations as committed at [0-9a-f]{12}/);
    const catalog = await openCatalog(db);
    expect((await catalog.get('marts.fct_daily_revenue'))!.owners[0]).toMatchObject({ id: 'finance-analytics', source: 'annotation' });
    catalog.close();

    // committed, the edit counts and the warnings stop
    rmSync(join(repo, 'annotations', 'new.yml'));
    await addCommit(repo, { files: { 'annotations/finance.yml': NOTE('uncommitted-team') } }, 9);
    const second = await run();
    expect(second.warningCodes['annotation-uncommitted']).toBeUndefined();
    const again = await openCatalog(db);
    expect((await again.get('marts.fct_daily_revenue'))!.owners[0].id).toBe('uncommitted-team');
    again.close();

    // every annotation deleted in a commit: said, naming the commit it looked at
    await addCommit(repo, { files: { 'annotations/finance.yml': null } }, 10);
    const third = await run();
    expect(third.warningCodes['annotations-gone']).toBe(1);
    expect(third.warningSample.join('\n')).toMatch(/no annotations found in annotations\/ as committed at [0-9a-f]{12}, while the last run/);
  }, 120_000);
});
