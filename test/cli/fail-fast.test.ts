import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnnotations } from '../../infra/git/annotations.js';
import { runDirect } from '../../cli/run-direct.js';
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
    symlinkSync('loop', join(dir, 'loop')); // a link to itself: stat fails with ELOOP, even for root
  });

  it.each([
    [['enrich', '--usage', 'no-such-logs/'], /--usage no-such-logs\/: no such file or folder/],
    [['enrich', '--annotations', 'no-such-annotations/'], /--annotations no-such-annotations\/: no such file or folder/],
    [['enrich', '--annotations', 'a-file.txt'], /--annotations a-file\.txt: not a folder/],
    // unreadable, as opposed to missing
    [['enrich', '--usage', 'a-file.txt/logs.jsonl'], /--usage a-file\.txt\/logs\.jsonl: cannot read it \(ENOTDIR\)/],
    [['enrich', '--annotations', 'loop'], /--annotations loop: cannot read it \(ELOOP\)/],
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

  it('refuses an unknown schedule action, a missing repo and an unwritable db (schedule create, up) without starting a server', async () => {
    const started = Date.now();
    expect((await grainline(['schedule', 'frobnicate', '--db', join(dir, 'db-x')])).err).toMatch(/unknown schedule action 'frobnicate'/);
    const r = await grainline(['schedule', 'create', '--repo', join(dir, 'nonexistent'), '--db', join(dir, 'db-y')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/repository path does not exist/);
    const u = await grainline(['up', '--repo', join(dir, 'nonexistent'), '--db', join(dir, 'db-z')]);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/repository path does not exist/);
    // a server start takes seconds; both answers come before one would
    expect(Date.now() - started).toBeLessThan(3000);
    expect(existsSync(join(dir, 'db-y'))).toBe(false);
    expect(existsSync(join(dir, 'db-z'))).toBe(false);
    // the db is checked too: here a folder that cannot be made, under a file
    for (const command of [['up'], ['schedule', 'create']]) {
      const w = await grainline([...command, '--repo', repo, '--db', join(dir, 'a-file.txt', 'db')]);
      expect(w.code, command.join(' ')).toBe(2);
      expect(w.err).toMatch(/cannot write the database folder .*a-file\.txt\/db/);
    }
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

describe('rough edges of the command line', () => {
  it('--version, and --help on every command', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    const v = await grainline(['--version']);
    expect(v.code).toBe(0);
    expect(v.out.trim()).toBe(pkg.version);
    for (const command of ['fixture', 'score', 'eval', 'runs', 'enrich']) {
      const h = await grainline([command, '--help']);
      expect(h.code, command).toBe(0);
      expect(h.out, command).toMatch(/Usage: grainline/);
    }
  });

  it.each([
    [['search', 'x', '--limit', 'abc'], /--limit takes a whole number above 0, not 'abc'/],
    [['search', 'x', '--mode', 'fuzzy'], /--mode must be one of 'hybrid', 'vector', 'text', not 'fuzzy'/],
    [['search', 'x', '--kind', 'bogus'], /--kind must be one of .*'dbt model'.*not 'bogus'/],
    [['fixture', '--out', '/tmp/x', '--tables', 'ten'], /--tables takes a whole number, not 'ten'/],
  ])('%j is a usage error', async (args, message) => {
    const r = await grainline(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('npm run fixture finds the package\'s own command (it said "sh: grainline: not found")', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'grainline-npm-fixture-')), 'repo');
    const r = spawnSync('npm', ['run', '--silent', 'fixture', '--', '--tables', '3', '--seed', '1', '--out', out], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, 'dbt'))).toBe(true);
    expect(existsSync(`${out}.truth.json`)).toBe(true);
  }, 60_000);

  it('schedule describe with no server at TEMPORAL_ADDRESS says how to start one, exit 2', async () => {
    const before = process.env.TEMPORAL_ADDRESS;
    process.env.TEMPORAL_ADDRESS = '127.0.0.1:1'; // nothing listens on port 1
    try {
      const r = await grainline(['schedule', 'describe', '--db', join(mkdtempSync(join(tmpdir(), 'grainline-nosrv-')), 'db')]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no Temporal server answers at 127\.0\.0\.1:1: .*Start one \(`temporal server start-dev`\), or unset TEMPORAL_ADDRESS/);
    } finally {
      if (before === undefined) delete process.env.TEMPORAL_ADDRESS;
      else process.env.TEMPORAL_ADDRESS = before;
    }
  }, 60_000);

  it('schedule describe without --db and no schedule says how to create one, exit 2 (it said "workflow not found")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-nodb-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await grainline(['schedule', 'describe']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no schedule '[^']+' on the embedded server of .*\.grainline\/db: create it with `grainline schedule create`/);
      expect(r.err).not.toMatch(/workflow not found/);
    } finally {
      process.chdir(cwd);
    }
  }, 120_000);

  it('export to a path that cannot be written is one clear line, exit 2', async () => {
    const repo = await makeGitRepo(shopCommits);
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-export-')), 'db');
    await runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir: join(db, '_grainline'), full: true, usagePaths: [], annotationsDir: join(repo, 'annotations'), maxFileBytes: 1 << 20 });
    const r = await grainline(['export', '--db', db, '--out', '/proc/x.jsonl']);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^grainline: --out \/proc\/x\.jsonl: cannot write it \(\w+\)$/);
  });
});
