import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotationsAt, loadAnnotations } from '../../infra/git/annotations.js';
import { addCommit, makeGitRepo } from '../helpers/git-repo.js';

describe('annotations as committed at a commit', () => {
  it('reads the committed file, not the checkout, and warns as the folder reader does', async () => {
    const repo = await makeGitRepo([
      {
        files: {
          'annotations/orders.yml': 'table: analytics.orders\nowners: sales-data\n',
          'annotations/broken.yml': 'table: analytics.refunds\ncaveats: [unclosed\n',
          'annotations/notes.txt': 'not an annotation file',
        },
      },
    ]);
    const base = (await import('simple-git')).simpleGit(repo);
    const first = (await base.revparse(['HEAD'])).trim();
    await addCommit(repo, { files: { 'annotations/orders.yml': 'table: analytics.orders\nowners: finance-data\n' } }, 1);
    // an edit nobody committed: the pull request's base must not see it
    writeFileSync(join(repo, 'annotations', 'orders.yml'), 'table: analytics.orders\nowners: uncommitted\n');

    const atFirst = await annotationsAt(repo, first);
    expect(atFirst.annotations.map((a) => [a.table, a.owners.map((o) => o.id)])).toEqual([['analytics.orders', ['sales-data']]]);
    // the same warning, naming the same file, as reading the folder on disk gives
    const onDisk = await loadAnnotations(join(repo, 'annotations'));
    expect(atFirst.warnings.map((w) => [w.file, w.code])).toEqual(onDisk.warnings.map((w) => [w.file, w.code]));
    expect(atFirst.warnings.length).toBeGreaterThan(0);

    const atHead = await annotationsAt(repo, 'HEAD');
    expect(atHead.annotations.map((a) => a.owners.map((o) => o.id))).toEqual([['finance-data']]);
  });
});
