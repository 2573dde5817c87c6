import { describe, expect, it } from 'vitest';
import { mergeOwners } from '../../enrichers/merge/owners.js';
import { assembleOwners } from '../../enrichers/owners/assemble.js';
import type { OwnerFact } from '../../schemas/facts.js';

const o = (id: string, source: OwnerFact['source'], confidence: number): OwnerFact => ({ id, kind: 'user', source, confidence });

describe('owner precedence', () => {
  it('inferred owners never outrank declared ones, and git ranks after every inference', () => {
    // proves: a 0.6 sibling majority loses to a declaration, and beats a git author at any score
    const { owners } = mergeOwners([o('git@x', 'git', 0.4), o('sib@x', 'heuristic', 0.2), o('decl@x', 'metadata-yaml', 0.9)], null);
    expect(owners.map((x) => x.id)).toEqual(['decl@x', 'sib@x', 'git@x']);
    const inferredOnly = mergeOwners([o('git@x', 'git', 0.4), o('sib@x', 'heuristic', 0.12)], null);
    expect(inferredOnly.owners[0].id).toBe('sib@x');
  });

  it('a scheduler owner ranks below table-level declarations but above inferences from siblings', () => {
    // proves: the DAG owner (airflow, 0.7) sits between metadata owners and sibling majorities
    const { owners } = mergeOwners([o('sib@x', 'heuristic', 0.6), o('dag@x', 'airflow', 0.7), o('meta@x', 'dbt-yaml', 0.9)], null);
    expect(owners.map((x) => x.id)).toEqual(['meta@x', 'dag@x', 'sib@x']);
  });

  it("inferred owners feed the table's fingerprint, so a new sibling majority re-enriches it", () => {
    // proves: assembleOwners keys on codeowners, inferred and top git ids
    const a = assembleOwners('t', { codeowners: [], inferred: [o('sib@x', 'heuristic', 0.3)], git: [o('g@x', 'git', 0.2)] });
    expect(a.ownerKey).toBe('sib@x,g@x');
    expect(a.facts).toHaveLength(2);
  });
});
