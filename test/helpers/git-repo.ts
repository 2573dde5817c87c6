import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simpleGit } from 'simple-git';

export interface Commit {
  files: Record<string, string | null>;
  author?: { name: string; email: string };
  date?: string;
  message?: string;
}

/** A real git repository built commit by commit; `null` deletes a file. */
export async function makeGitRepo(commits: Commit[], dir = mkdtempSync(join(tmpdir(), 'grainline-repo-'))): Promise<string> {
  const git = simpleGit(dir);
  await git.init();
  await git.raw(['config', 'user.name', 'Test']);
  await git.raw(['config', 'user.email', 'test@example.com']);
  await git.raw(['config', 'commit.gpgsign', 'false']);
  await git.raw(['checkout', '-q', '-b', 'main']);
  for (const [i, c] of commits.entries()) await addCommit(dir, c, i);
  return dir;
}

const DATE_ENV = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE', 'GIT_COMMITTER_DATE'];

export async function addCommit(dir: string, c: Commit, i = 0): Promise<string> {
  const git = simpleGit(dir, { allowEnvironment: DATE_ENV });
  for (const [path, content] of Object.entries(c.files)) {
    const full = join(dir, path);
    if (content === null) await git.rm([path]);
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      await git.add([path]);
    }
  }
  const author = c.author ?? { name: 'Ada Analyst', email: 'ada@example.com' };
  const date = c.date ?? new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
  await git
    .env({ PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date })
    .commit(c.message ?? `commit ${i}`);
  return (await git.revparse(['HEAD'])).trim();
}
