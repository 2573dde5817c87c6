import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnnotations } from '../../activities/annotations.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from '../diff/run-cli.js';

/** A mistyped path is an error before anything is written, never a run that drops data. */
describe('inputs are checked before anything is written', () => {
  let repo: string;
  let dir: string;
  beforeAll(async () => {
    repo = await makeGitRepo(shopCommits);
    dir = mkdtempSync(join(tmpdir(), 'grainline-failfast-'));
    writeFileSync(join(dir, 'a-file.txt'), 'x');
  });

  it.each([
    [['enrich', '--usage', 'no-such-logs/'], /--usage no-such-logs\/: no such file or folder/],
    [['enrich', '--annotations', 'no-such-annotations/'], /--annotations no-such-annotations\/: no such file or folder/],
    [['enrich', '--annotations', 'a-file.txt'], /--annotations a-file\.txt: not a folder/],
    [['up', '--branch', 'no-such-branch'], /ref 'no-such-branch' does not exist/],
    [['schedule', 'create', '--usage', 'no-such-logs/'], /--usage no-such-logs\/: no such file or folder/],
  ])('%j exits 2 and writes no database', async (args, message) => {
    const db = join(dir, `db-${Math.random().toString(36).slice(2)}`);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const [command, ...rest] = args;
      const withRepo = command === 'schedule' ? [command, rest[0], '--repo', repo, ...rest.slice(1)] : [command, '--repo', repo, ...rest];
      const r = await grainline([...withRepo, '--db', db]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('refuses an unknown schedule action and a missing repo without starting a server', async () => {
    const started = Date.now();
    expect((await grainline(['schedule', 'frobnicate', '--db', join(dir, 'db-x')])).err).toMatch(/unknown schedule action 'frobnicate'/);
    const r = await grainline(['schedule', 'create', '--repo', join(dir, 'nonexistent'), '--db', join(dir, 'db-y')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/repository path does not exist/);
    // a server start takes seconds; both answers come before one would
    expect(Date.now() - started).toBeLessThan(3000);
    expect(existsSync(join(dir, 'db-y'))).toBe(false);
  });
});

describe('loadAnnotations', () => {
  it('says which entries it could not read instead of skipping them', async () => {
    const ann = mkdtempSync(join(tmpdir(), 'grainline-ann-'));
    writeFileSync(join(ann, 'good.yml'), 'table: marts.fct_orders\ndescription: One row per order.\n');
    symlinkSync(join(ann, 'gone.yml'), join(ann, 'dangling.yml'));
    mkdirSync(join(ann, 'folder.yaml'));
    symlinkSync(join(ann, 'good.yml'), join(ann, 'linked.yml'));
    const { annotations, warnings } = await loadAnnotations(ann);
    expect(annotations.map((a) => a.table)).toEqual(['marts.fct_orders', 'marts.fct_orders']);
    expect(warnings.map((w) => w.message).sort()).toEqual([
      expect.stringMatching(/dangling\.yml: a symbolic link to nothing/),
      expect.stringMatching(/folder\.yaml: not a file/),
    ]);
  });
});
