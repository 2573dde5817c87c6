import { describe, expect, it } from 'vitest';
import { ownersForPath, parseCodeowners } from '../../enrichers/owners/codeowners.js';
import { mergeOwners } from '../../enrichers/merge/owners.js';

describe('a CODEOWNERS catch-all rule', () => {
  const { rules } = parseCodeowners('.github/CODEOWNERS', '* @shop/reviewers\n/models/finance/ @shop/finance\n');

  it('is the weakest inference (0.01), while a rule naming a folder stays declared at 0.9', () => {
    // proves: `*` is the repo default, a folder rule is a declaration
    expect(ownersForPath(rules, 'models/marketing/m.sql')[0]).toMatchObject({ id: '@shop/reviewers', source: 'heuristic', confidence: 0.01 });
    expect(ownersForPath(rules, 'models/finance/f.sql')[0]).toMatchObject({ id: '@shop/finance', source: 'codeowners', confidence: 0.9 });
  });

  it('loses to the owner most sibling tables declare, even a weak plurality', () => {
    // proves: a 0.05 sibling plurality (a many-owner dataset) outranks the catch-all, which outranks git
    const facts = [
      ...ownersForPath(rules, 'models/marketing/m.sql'),
      { id: 'ana@shop.test', kind: 'user' as const, source: 'heuristic' as const, confidence: 0.05 },
      { id: 'git@shop.test', kind: 'user' as const, source: 'git' as const, confidence: 0.4 },
    ];
    expect(mergeOwners(facts, null).owners.map((o) => o.id)).toEqual(['ana@shop.test', '@shop/reviewers', 'git@shop.test']);
  });
});
