/**
 * Bad input never ends a run: each kind is a warning naming the file and the reason,
 * it reaches the record of the table the file belongs to, and the table keeps every
 * fact the rest of its files give.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { maxFileBytes } from '../../cli/options.js';
import type { TruthNoise } from '../../fixture/truth.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { scoreFixture, scoreRepo, type FixtureRun } from './score-fixture.js';

/** The warning code each kind of generated noise must produce. */
const EXPECTED_CODE: Record<TruthNoise['reason'], string> = {
  'parse-error': 'sql-parse-failed',
  'yaml-error': 'yaml-parse',
  'unknown-macro': 'dbt-unknown-macro',
  'non-utf8': 'non-utf8',
  'file-too-large': 'too-large',
  binary: 'binary',
  'symlink-outside-repo': 'symlink-escape',
};

describe('the generated repo noise', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await scoreFixture({ tables: 120, seed: 303 });
  });

  it('has every kind of noise, each producing its warning with the file and a reason', () => {
    expect(new Set(run.truth.noise.map((n) => n.reason))).toEqual(new Set(Object.keys(EXPECTED_CODE)));
    for (const n of run.truth.noise) {
      const w = run.warnings.find((x) => x.file === n.file && x.code === EXPECTED_CODE[n.reason]);
      expect(w, `${n.reason} on ${n.file}`).toBeDefined();
      expect(w!.message.length).toBeGreaterThan(5);
    }
  });

  it('puts the warning on the record of the table the file belongs to, which keeps its lineage and grain', () => {
    const tables = run.truth.noise.filter((n) => n.table);
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const n of tables) {
      const record = run.records.find((r) => r.id === n.table)!;
      const truth = run.truth.tables.find((t) => t.table === n.table)!;
      expect(record.warnings.map((w) => w.file), n.table).toContain(n.file);
      expect(record.upstream.sort(), n.table).toEqual([...truth.upstream].sort());
      expect(record.grain?.columns.sort(), n.table).toEqual([...truth.grain!].sort());
    }
  });

  it('goes on: every table is still there', () => {
    expect(run.scores.overall.tableRecall.rate).toBe(1);
  });
});

describe('bad files next to good ones', () => {
  const saved = process.env.GRAINLINE_MAX_FILE_BYTES;
  afterEach(() => {
    if (saved === undefined) delete process.env.GRAINLINE_MAX_FILE_BYTES;
    else process.env.GRAINLINE_MAX_FILE_BYTES = saved;
  });

  it('warns per file and keeps what the other files of each table say', async () => {
    const repo = await makeGitRepo([
      {
        files: {
          // a broken metadata.yaml next to a good query
          'sql/proj/mart/t1/query.sql': 'select id, count(*) as n from raw.a group by id',
          'sql/proj/mart/t1/metadata.yaml': 'description: [unclosed\nowners:\n  - ann@acme.io\n',
          // a broken query next to a good metadata.yaml whose owners come through an anchor
          'sql/proj/mart/t2/query.sql': 'select id, from raw.b join raw.c on',
          'sql/proj/mart/t2/metadata.yaml': 'x-team: &team\n  - bo@acme.io\ndescription: Two\nowners: *team\n',
          'jobs/big.sql': `create table mart.big as select id from raw.d; -- ${'x'.repeat(400)}\n`,
          'jobs/small.sql': 'create table mart.small as select id from raw.e;\n',
        },
      },
    ]);
    const write = (path: string, content: Buffer) => {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), content);
    };
    write('jobs/latin.sql', Buffer.concat([Buffer.from('-- équipe données\n', 'latin1'), Buffer.from('create table mart.l as select id from raw.f;\n')]));
    write('jobs/blob.sql', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    symlinkSync('../../outside/udfs.sql', join(repo, 'jobs/udfs.sql'));
    await simpleGit(repo).add(['jobs']).commit('bad files');

    process.env.GRAINLINE_MAX_FILE_BYTES = '300';
    const run = await scoreRepo(repo, { version: 1, seed: 0, tables: [], externalSources: [], questions: [], noise: [], authors: [], hidden: false, rules: {} }, { maxFileBytes: maxFileBytes() });
    const codes = run.warnings.map((w) => `${w.file} ${w.code}`);
    for (const expected of [
      'sql/proj/mart/t1/metadata.yaml yaml-parse',
      'sql/proj/mart/t2/query.sql sql-parse-failed',
      'jobs/big.sql too-large',
      'jobs/latin.sql non-utf8',
      'jobs/blob.sql binary',
      'jobs/udfs.sql symlink-escape',
    ])
      expect(codes).toContain(expected);

    const record = (id: string) => run.records.find((r) => r.id === id)!;
    expect(record('proj.mart.t1').upstream).toEqual(['raw.a']);
    expect(record('proj.mart.t1').grain?.columns).toEqual(['id']);
    expect(record('proj.mart.t1').warnings.map((w) => w.file)).toContain('sql/proj/mart/t1/metadata.yaml');
    // the fallback scanner still finds what the broken query reads, at low confidence
    expect(record('proj.mart.t2').upstream.sort()).toEqual(['raw.b', 'raw.c']);
    expect(record('proj.mart.t2').owners.map((o) => [o.id, o.source])).toEqual([['bo@acme.io', 'metadata-yaml'], ['ada@example.com', 'git']]);
    expect(record('proj.mart.t2').warnings.map((w) => w.file)).toContain('sql/proj/mart/t2/query.sql');
    expect(record('mart.l').upstream).toEqual(['raw.f']);
    expect(record('mart.l').warnings.map((w) => w.message)).toEqual(['non-utf8: not valid UTF-8: read as Latin-1']);
    // over the cap: skipped; under it: read
    expect(run.records.map((r) => r.id)).not.toContain('mart.big');
    expect(record('mart.small').upstream).toEqual(['raw.e']);
  });
});
