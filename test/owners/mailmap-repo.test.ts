import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGitHistory } from '../../infra/git/git-history.js';
import { rankAuthors } from '../../enrichers/owners/git-history.js';

const AUTHOR_ENV = ['AUTHOR', 'COMMITTER'].flatMap((who) => ['NAME', 'EMAIL', 'DATE'].map((part) => `GIT_${who}_${part}`));
const NOW = Date.UTC(2026, 5, 1);

describe('.mailmap in a real repository', () => {
  let dir: string;
  let head: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'grainline-mailmap-'));
    const git = simpleGit(dir, { allowEnvironment: [...AUTHOR_ENV] });
    await git.init();
    let n = 0;
    const commitAs = async (name: string, email: string, file: string) => {
      await writeFile(join(dir, file), `-- change ${n++}\n`);
      await git.add(file);
      const date = new Date(NOW - (10 - n) * 86_400_000).toISOString();
      const env = { PATH: process.env.PATH ?? '', HOME: dir, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date };
      await git.env({ ...env, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_COMMITTER_DATE: date }).commit(`c${n}`, [file]);
    };
    // one person under a laptop address and a noreply handle, mapped to the work address
    await writeFile(join(dir, '.mailmap'), 'Sam Roe <sam@shop.test> <sam@laptop.local>\nSam Roe <sam@shop.test> <77+sroe@users.noreply.github.com>\n');
    await commitAs('sam', 'sam@laptop.local', 'orders.sql');
    await commitAs('sroe', '77+sroe@users.noreply.github.com', 'orders.sql');
    await commitAs('Lee Park', 'lee@shop.test', 'orders.sql');
    head = (await git.revparse(['HEAD'])).trim();
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('authors the .mailmap names as one person rank under the mapped address', async () => {
    // proves: git applies .mailmap through %aN/%aE and the two raw identities add up
    const history = await readGitHistory(dir, head);
    const owners = rankAuthors(history, ['orders.sql'], NOW);
    expect(owners[0].id).toBe('sam@shop.test');
    expect(owners[0].detail).toContain('2 commits');
    expect(history.authors.find((a) => a.id === 'sam@shop.test')?.emails).toContain('77+sroe@users.noreply.github.com');
  });
});
