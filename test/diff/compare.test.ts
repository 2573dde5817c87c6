import { describe, expect, it } from 'vitest';
import { compareSnapshots, joinText } from '../../cli/diff/compare.js';
import { parseRules, violations } from '../../cli/diff/rules.js';
import type { TableRecord } from '../../schemas/table-record.js';

function rec(id: string, over: Partial<TableRecord> = {}): TableRecord {
  return {
    id, table: id, kind: 'dbt model', aliases: [], files: [`models/${id}.sql`], upstream: [], downstream: [], consumers: [], columns: [],
    grain: null, joinKeys: [], owners: [], description: `dbt model ${id}.`, usage: null, annotations: null, similarTables: [],
    provenance: {}, conflicts: [], warnings: [], tags: [], fingerprint: 'f', commit: 'c', runId: 'r', updatedAt: '', ...over,
  };
}
const grain = (statement: string) => ({ columns: [], statement, source: 'sql' as const, confidence: 0.9 });
const owner = (id: string) => ({ id, kind: 'user' as const, source: 'codeowners' as const, confidence: 0.9 });
const gitOwner = (id: string) => ({ id, kind: 'user' as const, source: 'git' as const, confidence: 0.4 });
const join = (table: string, file: string) => ({ columns: ['k'], table, refColumns: ['k'], source: 'sql' as const, confidence: 0.9, file });
const maps = (...rs: TableRecord[]) => new Map(rs.map((r) => [r.id, r]));

function compare(base: TableRecord[], head: TableRecord[], direct: string[] = []) {
  const b = maps(...base);
  const h = maps(...head);
  return compareSnapshots({
    base: b, head: h, ids: [...b.keys(), ...h.keys()], direct: new Set(direct),
    definedAtBase: (n) => b.has(n), definedAtHead: (n) => h.has(n),
  });
}

describe('compareSnapshots', () => {
  it('lists nothing when the records are equal', () => {
    expect(compare([rec('a'), rec('b')], [rec('a'), rec('b')], ['a'])).toEqual([]);
  });

  it('names a join once, under the model whose SQL states it, not on the two joined tables', () => {
    const file = 'models/m.sql';
    const changes = compare(
      [rec('m'), rec('x'), rec('y')],
      [rec('m', { files: [file] }), rec('x', { joinKeys: [join('y', file)] }), rec('y', { joinKeys: [{ ...join('x', file) }] })],
    );
    expect(changes.map((c) => [c.id, c.joinKeys.added])).toEqual([['m', ['x.k = y.k']]]);
  });

  it('puts a join whose stating file is not compared under the first joined table', () => {
    const changes = compare([rec('x'), rec('y')], [rec('x', { joinKeys: [join('y', 'elsewhere.sql')] }), rec('y', { joinKeys: [join('x', 'elsewhere.sql')] })]);
    expect(changes.map((c) => [c.id, c.joinKeys.added])).toEqual([['x', ['x.k = y.k']]]);
  });

  it('shows a description change only for tables the change touches directly or that change otherwise', () => {
    const before = [rec('a'), rec('b')];
    const after = [rec('a', { description: 'new a' }), rec('b', { description: 'new b' })];
    expect(compare(before, after, ['a']).map((c) => c.id)).toEqual(['a']);
    const echo = compare(before, [rec('a', { description: 'new a' }), rec('b', { description: 'new b', owners: [owner('z')] })], ['a']);
    expect(echo.map((c) => [c.id, c.description?.diff.map((l) => l.op + l.text)])).toEqual([
      ['a', ['-dbt model a.', '+new a']],
      ['b', ['-dbt model b.', '+new b']],
    ]);
  });

  it('reports grain, upstream, owners, new conflicts, and upstream that is no longer defined', () => {
    const conflict = { field: 'owners', winner: { value: ['t'], source: 'codeowners' as const }, loser: { value: 'z', source: 'dbt-yaml' as const } };
    const [gone, reader] = compare(
      [rec('gone'), rec('r', { upstream: ['gone', 'u1'], grain: grain('one row per day'), owners: [owner('p'), owner('q')] })],
      [rec('r', { upstream: ['gone', 'u2'], grain: grain('one row per day and country'), owners: [owner('q')], conflicts: [conflict] })],
    );
    expect(gone).toMatchObject({ id: 'gone', status: 'removed' });
    expect(reader).toMatchObject({
      status: 'changed',
      upstream: { added: ['u2'], removed: ['u1'] },
      missingUpstream: ['gone'],
      grain: { before: 'one row per day', after: 'one row per day and country' },
      owners: { added: [], removed: ['p'], primary: { before: 'p', after: 'q' } },
      conflicts: ['owners: dbt-yaml says z, codeowners says t (kept)'],
    });
  });

  it('writes a multi-column join key the same from either side', () => {
    const k = { columns: ['a', 'b'], table: 'y', refColumns: ['c', 'd'] };
    expect(joinText('x', k)).toBe('x.(a, b) = y.(c, d)');
    expect(joinText('y', { columns: ['c', 'd'], table: 'x', refColumns: ['a', 'b'] })).toBe(joinText('x', k));
  });
});

describe('only meaning counts', () => {
  it('owners from git history, and conflicts with them, are no change: a new committer is not news', () => {
    const gitConflict = { field: 'owners', winner: { value: ['t'], source: 'codeowners' as const }, loser: { value: 'zed', source: 'git' as const } };
    const changes = compare(
      [rec('m', { owners: [owner('t'), gitOwner('bo')], description: 'dbt model m.\nOwners: t (user), bo (user).' })],
      [rec('m', { owners: [owner('t'), gitOwner('zed')], conflicts: [gitConflict], description: 'dbt model m.\nOwners: t (user), zed (user).' })],
      ['m'],
    );
    expect(changes).toEqual([]);
  });
});

describe('--fail-on rules', () => {
  const changes = compare(
    [rec('gone'), rec('r', { upstream: ['gone'], grain: grain('one row per day'), owners: [owner('p')] }), rec('new-grain', { grain: null })],
    [rec('r', { upstream: ['gone', 'v'], grain: grain('one row per week'), owners: [] }), rec('new-grain', { grain: grain('one row per id') }), rec('added', { upstream: ['v'] })],
  );

  it('each rule fires on what it names and nothing else', () => {
    const fired = (rule: string) => violations(changes, parseRules(rule)).map((v) => `${v.table}: ${v.detail}`);
    expect(fired('owner-removed')).toEqual(['r: lost p']);
    expect(fired('grain-changed')).toEqual(['r: one row per day → one row per week']);
    expect(fired('upstream-missing')).toEqual(['r: reads gone']);
    expect(fired('table-removed')).toEqual(['gone: removed']);
    expect(fired('lineage-changed')).toEqual(['r: upstream +v']);
  });

  it('refuses a rule it does not know', () => {
    expect(() => parseRules('grain-changed,typo')).toThrow(/unknown --fail-on rule 'typo'/);
    expect(parseRules(undefined)).toEqual([]);
  });
});
