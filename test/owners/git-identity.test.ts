import { describe, expect, it } from 'vitest';
import { identityIndex } from '../../enrichers/owners/git-identity.js';
import { parseGitLog, rankAuthors } from '../../enrichers/owners/git-history.js';
import type { GitAuthor } from '../../enrichers/owners/git-log.js';

const author = (names: string[], emails: string[]): GitAuthor => ({ id: emails[0], names, emails });
const NOW = Date.UTC(2027, 0, 15);
const rec = (hash: string, name: string, email: string, daysAgo: number, files: string[]) =>
  `\x1e${hash}\x1f${name}\x1f${email}\x1f${Math.floor((NOW - daysAgo * 86_400_000) / 1000)}\0\n${files.join('\0')}\0`;

describe('identityIndex', () => {
  const index = identityIndex(['ana.silva@shop.test', '@rajk', 'Noel Vargas', '@shop/data-team']);

  it('a GitHub noreply address (with or without the numeric prefix) maps to the declared handle', () => {
    // proves: 123+rajk@users.noreply.github.com is @rajk
    expect(index.lookup(author(['R K'], ['123+rajk@users.noreply.github.com']))?.id).toBe('@rajk');
    expect(index.lookup(author(['R K'], ['rajk@users.noreply.github.com']))?.id).toBe('@rajk');
  });

  it("an author's name spelled as a declared email's local part or name maps to it", () => {
    // proves: "Ana Silva" <personal address> is ana.silva@shop.test; "Noel Vargas" is the declared name
    expect(index.lookup(author(['Ana Silva'], ['ana1987@mail.test']))?.id).toBe('ana.silva@shop.test');
    expect(index.lookup(author(['noel vargas'], ['nv@laptop.local']))?.id).toBe('Noel Vargas');
    expect(index.lookup(author(['Someone Else'], ['se@mail.test']))).toBeUndefined();
  });

  it('a key two declared ids share maps nobody', () => {
    // proves: ambiguous initials+surname (a.silva and amy.silva) are not guessed
    const amb = identityIndex(['ana.silva@shop.test', 'amy.silva@shop.test']);
    expect(amb.lookup(author(['A Silva'], ['asilva@mail.test']))).toBeUndefined();
  });
});

describe('rankAuthors with identities', () => {
  it("two git identities of one declared owner add up under the declared id; bulk commits barely count", () => {
    // proves: mapping merges scores, and a 300-file sweep by someone else does not win
    const sweep = Array.from({ length: 300 }, (_, i) => `f${i}.sql`);
    const h = parseGitLog(
      rec('c4', 'Bulk Bot Person', 'fmt@shop.test', 0, ['t.sql', ...sweep]) +
        rec('c3', 'Ana Silva', 'ana1987@mail.test', 5, ['t.sql']) +
        rec('c2', 'ana', '99+anasilva@users.noreply.github.com', 6, ['t.sql']),
    );
    const index = identityIndex(['ana.silva@shop.test']);
    const owners = rankAuthors(h, ['t.sql'], NOW, { identify: index.lookup });
    expect(owners[0].id).toBe('ana.silva@shop.test');
    expect(owners[0].detail).toContain('2 commits');
    expect(owners[0].confidence).toBeLessThanOrEqual(0.4);
  });
});
