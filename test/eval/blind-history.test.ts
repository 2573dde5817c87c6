import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, describe, expect, it } from 'vitest';
import { readHistory, writeBlindCopy } from '../../cli/eval/blind-copy.js';

// A pull request merged with a merge commit (as dbt-ncl-analytics merges most of its
// models): the model's creator is the branch's author, not whoever merged it.
describe("the blind copy's history", () => {
  const root = mkdtempSync(join(tmpdir(), 'blind-history-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("keeps the authors of a merged branch's commits, as the pipeline reads the original", async () => {
    const repo = join(root, 'orig');
    const git = simpleGit();
    await git.raw(['init', '--quiet', '--initial-branch=main', repo]);
    const g = simpleGit(repo);
    const as = (name: string) => ['-c', `user.name=${name}`, '-c', `user.email=${name.toLowerCase()}@nhs.test`];
    writeFileSync(join(repo, 'dbt_project.yml'), 'name: x\n');
    await g.add('.');
    await g.raw([...as('Ann'), 'commit', '--quiet', '-m', 'start']);
    await g.raw(['checkout', '--quiet', '-b', 'feature']);
    writeFileSync(join(repo, 'int_bmi.sql'), 'select 1 as id\n');
    await g.add('.');
    await g.raw([...as('Eddie'), 'commit', '--quiet', '-m', 'add model']);
    await g.raw(['checkout', '--quiet', 'main']);
    await g.raw([...as('Merger'), 'merge', '--quiet', '--no-ff', '-m', 'merge pull request', 'feature']);

    const copy = join(root, 'copy');
    await writeBlindCopy(copy, await readHistory(repo, 'HEAD'), new Map([['dbt_project.yml', 'name: x\n'], ['int_bmi.sql', 'select 1 as id\n']]));
    const created = await simpleGit(copy).raw(['log', '--diff-filter=A', '--format=%an', '--', 'int_bmi.sql']);
    // proves: a first-parent walk shows no change in the merge, so the file was first created by the blinding commit
    expect(created.trim().split('\n').at(-1)).toBe('Eddie');
  });
});
