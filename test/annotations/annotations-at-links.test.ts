import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { annotationsAt, loadAnnotations } from '../../infra/git/annotations.js';
import { makeGitRepo } from '../helpers/git-repo.js';

/** A repo whose annotations folder holds committed links of every kind, and the same on disk. */
async function linkedRepo(): Promise<string> {
  const repo = await makeGitRepo([
    {
      files: {
        'shared/orders.yml': 'table: analytics.orders\nowners: sales-data\n',
        'annotations/plain.yml': 'table: analytics.refunds\nowners: finance-data\n',
        'annotations/folder.yaml/inner.txt': 'a folder named like a file\n',
      },
    },
  ]);
  const ann = join(repo, 'annotations');
  symlinkSync('../shared/orders.yml', join(ann, 'linked.yml')); // inside the repo: read where it points
  symlinkSync('gone.yml', join(ann, 'dangling.yml')); // to nothing
  symlinkSync('/etc/hostname', join(ann, 'outside.yml')); // out of the repository: no commit holds it
  symlinkSync('loop-b.yml', join(ann, 'loop-a.yml'));
  symlinkSync('loop-a.yml', join(ann, 'loop-b.yml')); // a loop ends as the file system's ELOOP does
  const git = simpleGit(repo);
  await git.add(['-A']);
  await git.commit('links');
  return repo;
}

describe('committed symbolic links in the annotations folder, read at a commit', () => {
  it('follows a link inside the tree and warns, as the folder reader does, for one to nothing and for a folder', async () => {
    const repo = await linkedRepo();
    const at = await annotationsAt(repo, 'HEAD');
    expect(at.annotations.map((a) => [a.table, a.owners.map((o) => o.id)])).toEqual([
      ['analytics.orders', ['sales-data']],
      ['analytics.refunds', ['finance-data']],
    ]);
    const said = Object.fromEntries(at.warnings.map((w) => [w.file, w.message]));
    expect(said['annotations/dangling.yml']).toMatch(/a symbolic link to nothing/);
    expect(said['annotations/loop-a.yml']).toMatch(/a symbolic link to nothing/);
    expect(said['annotations/folder.yaml']).toMatch(/not a file/);
    // the one difference from the checkout: a link out of the repo names nothing a commit holds
    expect(said['annotations/outside.yml']).toMatch(/out of the repository/);

    const onDisk = await loadAnnotations(join(repo, 'annotations'));
    const codes = (ws: { file: string; code: string }[], skip: string) => ws.filter((w) => w.file !== skip).map((w) => `${w.file} ${w.code}`).sort();
    expect(codes(at.warnings, 'annotations/outside.yml')).toEqual(codes(onDisk.warnings, 'annotations/outside.yml'));
  });

  it('reads a folder that is itself a committed link, and says so when it leads out of the repo', async () => {
    const repo = await makeGitRepo([{ files: { 'notes/orders.yml': 'table: analytics.orders\nowners: sales-data\n' } }]);
    symlinkSync('notes', join(repo, 'annotations'));
    mkdirSync(join(repo, 'more'));
    symlinkSync('/tmp', join(repo, 'more', 'annotations'));
    writeFileSync(join(repo, 'more', 'keep.txt'), '');
    const git = simpleGit(repo);
    await git.add(['-A']);
    await git.commit('folder links');
    const at = await annotationsAt(repo, 'HEAD');
    expect(at.annotations.map((a) => a.file)).toEqual(['annotations/orders.yml']);
    const out = await annotationsAt(repo, 'HEAD', 'more/annotations');
    expect(out.annotations).toEqual([]);
    expect(out.warnings.map((w) => [w.file, w.code])).toEqual([['more/annotations', 'annotation-read']]);
    // no folder at all is no annotations, and no warning: most repos have none
    expect(await annotationsAt(repo, 'HEAD', 'nothing-here')).toEqual({ annotations: [], warnings: [] });
  });
});
