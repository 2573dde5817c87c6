import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGitHistory } from '../../infra/git/git-history.js';
import { rankAuthors } from '../../enrichers/owners/git-history.js';

const AUTHOR_ENV = ['AUTHOR', 'COMMITTER'].flatMap((who) =>
  ['NAME', 'EMAIL', 'DATE'].map((part) => `GIT_${who}_${part}`),
);
const NOW = Date.UTC(2026, 5, 1);
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

describe('readGitHistory on a real repository', () => {
  let dir: string;
  let head: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'grainline-git-'));
    const git = simpleGit(dir, { allowEnvironment: [...AUTHOR_ENV] });
    await git.init();
    await mkdir(join(dir, 'models'));
    let n = 0;
    const commitAs = async (name: string, email: string, age: number, file: string) => {
      await writeFile(join(dir, file), `-- change ${n++}\nselect 1\n`);
      await git.add(file);
      const date = daysAgo(age);
      await git
        .env({
          // only what git needs: simple-git refuses guarded variables it was not told to allow
          PATH: process.env.PATH ?? '',
          HOME: dir,
          GIT_AUTHOR_NAME: name,
          GIT_AUTHOR_EMAIL: email,
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_NAME: name,
          GIT_COMMITTER_EMAIL: email,
          GIT_COMMITTER_DATE: date,
        })
        .commit(`change ${n}`, [file]);
    };
    // the original author, long gone
    for (const age of [900, 880, 860, 840, 820]) await commitAs('Old Timer', 'old@acme.com', age, 'models/my orders.sql');
    // the current maintainer, recent and frequent, under two spellings of one email
    for (const age of [40, 20, 10]) await commitAs('Dana Lee', 'dana@acme.com', age, 'models/my orders.sql');
    await commitAs('Dana Lee', 'DANA@acme.com', 5, 'models/my orders.sql');
    await commitAs('Pat Kim', 'pat@acme.com', 30, 'models/my orders.sql');
    for (const age of [3, 2, 1]) {
      await commitAs('dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com', age, 'models/my orders.sql');
    }
    await commitAs('Pat Kim', 'pat@acme.com', 1, 'models/customers.sql');
    head = (await git.revparse(['HEAD'])).trim();
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ranks the dominant recent author first and leaves out the bot', async () => {
    const history = await readGitHistory(dir, head);
    expect(history.commits).toHaveLength(14);
    const owners = rankAuthors(history, ['models/my orders.sql'], NOW);
    // five commits from 2+ years ago decay below the 5% share floor
    expect(owners.map((o) => o.id)).toEqual(['dana@acme.com', 'pat@acme.com']);
    expect(owners[0].detail).toBe(`4 commits, last ${daysAgo(5).slice(0, 10)}`);
    expect(owners[0].confidence).toBeGreaterThan(owners[1].confidence);
  });

  it('keeps the log of the last commit and reads only the commits since, with the same result', async () => {
    const git = simpleGit(dir);
    const cache = await mkdtemp(join(tmpdir(), 'grainline-log-'));
    const older = (await git.revparse(['HEAD~3'])).trim();
    await readGitHistory(dir, older, cache);
    expect(await readdir(cache)).toEqual([`git-log-${older}.txt`]);
    const cached = await readGitHistory(dir, head, cache);
    expect(cached).toEqual(await readGitHistory(dir, head));
    expect(cached.commits).toHaveLength(14);
    expect(await readdir(cache)).toEqual([`git-log-${head}.txt`]);
    // a commit that does not descend from the kept one (history rewritten) is read whole
    const first = (await git.raw(['rev-list', '--max-parents=0', 'HEAD'])).trim();
    expect((await readGitHistory(dir, first, cache)).commits).toHaveLength(1);
  });

  it('reads history only up to the pinned commit', async () => {
    const git = simpleGit(dir);
    const first = (await git.raw(['rev-list', '--max-parents=0', 'HEAD'])).trim();
    const history = await readGitHistory(dir, first);
    expect(history.commits).toHaveLength(1);
    expect(rankAuthors(history, ['models/my orders.sql'], NOW).map((o) => o.id)).toEqual(['old@acme.com']);
  });
});
