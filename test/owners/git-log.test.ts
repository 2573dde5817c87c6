import { describe, expect, it } from 'vitest';
import { parseGitLog } from '../../enrichers/owners/git-log.js';

const rec = (hash: string, name: string, email: string, at: number, files: string[]) =>
  `\x1e${hash}\x1f${name}\x1f${email}\x1f${at}\0\n${files.map((f) => `${f}\0`).join('')}`;

describe('parseGitLog', () => {
  it('indexes commits by file, newest first, with names containing spaces', () => {
    const text =
      rec('c2', 'Alice Smith', 'alice@acme.com', 1_700_000_100, ['models/my orders.sql', 'é.sql']) +
      rec('c1', 'Bob', 'bob@acme.com', 1_700_000_000, ['models/my orders.sql']);
    const h = parseGitLog(text);
    expect(h.commits.map((c) => [c.hash, c.time, c.fileCount])).toEqual([
      ['c2', 1_700_000_100_000, 2],
      ['c1', 1_700_000_000_000, 1],
    ]);
    expect(h.byFile.get('models/my orders.sql')).toEqual([0, 1]);
    expect(h.byFile.get('é.sql')).toEqual([0]);
    expect(h.authors.map((a) => a.id)).toEqual(['alice@acme.com', 'bob@acme.com']);
  });

  it('treats a rename as a new path (history is not followed across --no-renames)', () => {
    const text =
      rec('c2', 'A', 'a@x.com', 2, ['new.sql', 'old.sql']) + rec('c1', 'A', 'a@x.com', 1, ['old.sql']);
    const h = parseGitLog(text);
    expect(h.byFile.get('new.sql')).toEqual([0]);
    expect(h.byFile.get('old.sql')).toEqual([0, 1]);
  });

  it('an empty log is an empty history', () => {
    const h = parseGitLog('');
    expect(h.commits).toEqual([]);
    expect(h.byFile.size).toBe(0);
  });

  it('keeps commits that touched no file and skips garbage records', () => {
    const h = parseGitLog(rec('c1', 'A', 'a@x.com', 5, []) + '\x1enot a header\0\n' + '\x1eh\x1fA\x1fa@x.com\x1fNaN\0');
    expect(h.commits.map((c) => c.hash)).toEqual(['c1']);
  });

  it('also reads the newline-separated (non -z) format', () => {
    const h = parseGitLog('\x1ec1\x1fA\x1fa@x.com\x1f10\n\na.sql\nb c.sql\n');
    expect([...h.byFile.keys()]).toEqual(['a.sql', 'b c.sql']);
  });

  it('merges identities by email (case-insensitive) and by name', () => {
    const text =
      rec('c4', 'Alice Smith', 'Alice@Acme.com', 4, ['a.sql']) +
      rec('c3', 'alice  smith', 'alice@home.net', 3, ['a.sql']) +
      rec('c2', 'A. Smith', 'alice@acme.com', 2, ['a.sql']) +
      rec('c1', 'root', 'carol@acme.com', 1, ['a.sql']) +
      rec('c0', 'root', 'dave@acme.com', 0, ['a.sql']);
    const h = parseGitLog(text);
    // generic names like "root" do not merge different people
    expect(h.authors.map((a) => a.id)).toEqual(['alice@acme.com', 'carol@acme.com', 'dave@acme.com']);
    expect(h.authors[0].emails).toEqual(['alice@acme.com', 'alice@home.net']);
    expect(new Set(h.commits.slice(0, 3).map((c) => c.author))).toEqual(new Set([0]));
  });
});
