import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import { isRepoUrl, localRepo } from '../../infra/git/repo-mirror.js';
import { setWorkerDirFlag, workerDirFor } from '../../infra/config/worker-dir.js';
import { addCommit, makeGitRepo } from '../helpers/git-repo.js';

const temp = (p: string) => mkdtempSync(join(tmpdir(), `grainline-${p}-`));

describe('a worker reads a URL repo from its own mirror', () => {
  it('tells URLs from paths', () => {
    for (const url of ['https://github.com/a/b.git', 'ssh://git@host/a/b', 'git@github.com:a/b.git', 'file:///srv/b.git']) expect(isRepoUrl(url)).toBe(true);
    for (const path of ['/srv/repo', './repo', 'C:\\repo', 'repo']) expect(isRepoUrl(path)).toBe(false);
  });

  it('clones once, fetches a moved branch, and needs no remote for a commit it holds', async () => {
    const origin = await makeGitRepo([{ files: { 'models/a.sql': 'select 1 as id' } }]);
    const bare = join(temp('remote'), 'r.git');
    await simpleGit().clone(origin, bare, ['--bare']);
    const url = `file://${bare}`;
    const work = temp('work');

    const mirror = await localRepo(url, 'HEAD', work);
    expect(mirror.startsWith(join(work, 'repos'))).toBe(true);
    const first = (await simpleGit(mirror).revparse(['HEAD'])).trim();

    // the branch moves upstream: asking for it again fetches
    const second = await addCommit(origin, { files: { 'models/b.sql': 'select 2 as id' } }, 1);
    await simpleGit(origin).push(bare, 'main');
    expect(await localRepo(url, 'main', work)).toBe(mirror);
    expect((await simpleGit(mirror).revparse(['main'])).trim()).toBe(second);

    // a pinned commit already mirrored is read without the remote (a retry on a cut-off worker)
    rmSync(bare, { recursive: true, force: true });
    expect(await localRepo(url, first, work)).toBe(mirror);
    await expect(localRepo(url, 'main', work)).rejects.toThrow(/cannot fetch/);
  });

  it('passes a path through untouched', async () => {
    expect(await localRepo('/srv/repo', 'HEAD', temp('work'))).toBe('/srv/repo');
  });
});

describe("a worker's own dir", () => {
  afterEach(() => setWorkerDirFlag(undefined));

  it('is the flag, else beside a local catalog, else the user cache', () => {
    expect(workerDirFor('/data/db')).toBe('/data/db/_grainline');
    expect(workerDirFor('s3://bucket/db')).toMatch(/\/grainline$/);
    expect(workerDirFor('s3://bucket/db')).not.toContain('bucket');
    setWorkerDirFlag('/var/cache/w1');
    expect(workerDirFor('/data/db')).toBe('/var/cache/w1');
  });
});
