import { describe, expect, it } from 'vitest';
import { parseGitLog, rankAuthors } from '../../enrichers/owners/git-history.js';

const DAY = 86_400;
const NOW_S = 1_800_000_000;
const NOW = NOW_S * 1000;
const rec = (hash: string, name: string, email: string, daysAgo: number, files: string[]) =>
  `\x1e${hash}\x1f${name}\x1f${email}\x1f${NOW_S - daysAgo * DAY}\0\n${files.map((f) => `${f}\0`).join('')}`;

describe('rankAuthors', () => {
  it('decays old commits: one recent commit beats two a year old', () => {
    const h = parseGitLog(
      rec('c3', 'New', 'new@acme.com', 0, ['t.sql']) +
        rec('c2', 'Old', 'old@acme.com', 360, ['t.sql']) +
        rec('c1', 'Old', 'old@acme.com', 361, ['t.sql']),
    );
    const owners = rankAuthors(h, ['t.sql'], NOW);
    expect(owners.map((o) => o.id)).toEqual(['new@acme.com', 'old@acme.com']);
    // weights 1 vs ~0.25+0.25: shares 2/3 and 1/3 of 0.4 (git alone is the weakest owner evidence)
    expect(owners[0].confidence).toBeCloseTo(0.267, 2);
    expect(owners[0]).toMatchObject({ kind: 'user', source: 'git', file: 't.sql', detail: '1 commit, last 2027-01-15' });
    expect(owners[1].detail).toBe('2 commits, last 2026-01-20');
  });

  it('the half-life is configurable', () => {
    const h = parseGitLog(
      rec('c3', 'New', 'new@acme.com', 0, ['t.sql']) +
        rec('c2', 'Old', 'old@acme.com', 360, ['t.sql']) +
        rec('c1', 'Old', 'old@acme.com', 361, ['t.sql']),
    );
    expect(rankAuthors(h, ['t.sql'], NOW, { halfLifeDays: 10_000 }).map((o) => o.id)).toEqual([
      'old@acme.com',
      'new@acme.com',
    ]);
  });

  it('excludes bots but keeps people with GitHub noreply emails', () => {
    const h = parseGitLog(
      rec('c5', 'dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com', 0, ['t.sql']) +
        rec('c4', 'Renovate Bot', 'bot@renovateapp.com', 0, ['t.sql']) +
        rec('c3', 'github-actions', '41898282+github-actions@users.noreply.github.com', 0, ['t.sql']) +
        rec('c2', 'Deploy', 'noreply@acme.com', 0, ['t.sql']) +
        rec('c1', 'Alice', '123+alice@users.noreply.github.com', 1, ['t.sql']),
    );
    const owners = rankAuthors(h, ['t.sql'], NOW);
    expect(owners.map((o) => o.id)).toEqual(['123+alice@users.noreply.github.com']);
    expect(owners[0].confidence).toBe(0.4);
  });

  it('counts a commit once per table even when it touched several of its files', () => {
    const h = parseGitLog(
      rec('c2', 'A', 'a@x.com', 0, ['t.sql', 't.yml', 't_test.sql']) + rec('c1', 'B', 'b@x.com', 0, ['t.sql']),
    );
    const owners = rankAuthors(h, ['t.sql', 't.yml', 't_test.sql'], NOW);
    expect(owners.map((o) => [o.id, o.confidence])).toEqual([
      ['a@x.com', 0.2],
      ['b@x.com', 0.2],
    ]);
  });

  it('a sweeping commit counts less than a focused one', () => {
    const many = Array.from({ length: 500 }, (_, i) => `f${i}.sql`);
    const h = parseGitLog(rec('c2', 'Sweeper', 's@x.com', 0, ['t.sql', ...many]) + rec('c1', 'A', 'a@x.com', 30, ['t.sql']));
    expect(rankAuthors(h, ['t.sql'], NOW)[0].id).toBe('a@x.com');
  });

  it('merges one person under two emails', () => {
    const h = parseGitLog(
      rec('c3', 'Alice Smith', 'alice@home.net', 0, ['t.sql']) +
        rec('c2', 'Alice Smith', 'ALICE@acme.com', 0, ['t.sql']) +
        rec('c1', 'Alice Smith', 'alice@acme.com', 0, ['t.sql']) +
        rec('c0', 'Bob', 'bob@acme.com', 0, ['t.sql']),
    );
    const owners = rankAuthors(h, ['t.sql'], NOW);
    expect(owners.map((o) => [o.id, o.detail?.split(',')[0]])).toEqual([
      ['alice@acme.com', '3 commits'],
      ['bob@acme.com', '1 commit'],
    ]);
  });

  it('a file without history has no git owners', () => {
    expect(rankAuthors(parseGitLog(''), ['t.sql'], NOW)).toEqual([]);
  });
});
