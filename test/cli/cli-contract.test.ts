import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunSummary } from '../../schemas/run-record.js';
import { TableRecord } from '../../schemas/table-record.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { grainline } from '../helpers/run-cli.js';
import { shopCommits } from '../helpers/shop-repo.js';

/** The command line other tools rely on (README and docs/architecture.md), exercised as a user would. */
describe('the grainline command line', () => {
  let repo: string;
  let db: string;
  beforeAll(async () => {
    repo = await makeGitRepo(shopCommits);
    db = join(mkdtempSync(join(tmpdir(), 'grainline-cli-')), 'db');
  });

  it('exits 2 with one clear line and no stack trace on input errors', async () => {
    for (const args of [
      ['enrich', '--repo', tmpdir(), '--db', db],
      ['enrich', '--repo', repo, '--ref', 'no-such-branch', '--db', db],
      ['enrich', '--repo', join(tmpdir(), 'does-not-exist-grainline'), '--db', db],
      ['no-such-command'],
    ]) {
      const r = await grainline(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const bad = await grainline('enrich', '--repo', repo, '--ref', 'no-such-branch', '--db', db);
    expect(bad.stderr.trim()).toBe(`grainline: ref 'no-such-branch' does not exist in ${repo}`);
  }, 240_000);

  it('enrich --json prints one summary object; export, show and search read it back', async () => {
    const run = await grainline('enrich', '--repo', repo, '--db', db, '--json');
    expect(run.code, run.stderr).toBe(0);
    const summary = RunSummary.parse(JSON.parse(run.stdout));
    expect(summary.tables).toBe(7);

    const exported = await grainline('export', '--db', db);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    for (const l of lines) expect(() => TableRecord.parse(l)).not.toThrow();

    const shown = await grainline('show', 'marts.fct_daily_revenue', '--db', db, '--json');
    expect(JSON.parse(shown.stdout).downstream).toEqual(['reporting.weekly_revenue']);
    expect((await grainline('show', 'no.such_table', '--db', db)).code).toBe(2);

    const found = await grainline('search', 'daily revenue per country', '--db', db, '--json', '--limit', '2');
    expect(JSON.parse(found.stdout)[0].table).toBe('marts.fct_daily_revenue');
  }, 240_000);
});
