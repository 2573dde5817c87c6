import { describe, expect, it } from 'vitest';
import { rankOwners } from '../../enrichers/owners/rank.js';
import type { OwnerFact } from '../../schemas/facts.js';

const f = (id: string, source: OwnerFact['source'], confidence: number, detail?: string): OwnerFact => ({
  id,
  kind: id.includes('/') ? 'team' : 'user',
  source,
  confidence,
  ...(detail ? { detail } : {}),
});

describe('rankOwners', () => {
  it('orders by tier, then specificity within declared, then confidence', () => {
    const ranked = rankOwners([
      f('model@x.com', 'model', 0.99),
      f('git@x.com', 'git', 0.7),
      f('airflow-owner', 'airflow', 0.95),
      f('@acme/team', 'codeowners', 0.9),
      f('meta@x.com', 'metadata-yaml', 0.8),
      f('dbt@x.com', 'dbt-yaml', 0.85),
      f('human@x.com', 'annotation', 0.5),
      f('git2@x.com', 'git', 0.3),
    ]);
    expect(ranked.map((o) => o.id)).toEqual([
      'human@x.com',
      'dbt@x.com',
      'meta@x.com',
      'airflow-owner',
      '@acme/team',
      'git@x.com',
      'git2@x.com',
      'model@x.com',
    ]);
  });

  it('merges the same id across sources, case-insensitively, keeping the strongest and naming the rest', () => {
    const ranked = rankOwners([
      f('Alice@Acme.com', 'git', 0.6, '3 commits, last 2026-01-01'),
      f('alice@acme.com', 'metadata-yaml', 0.95),
      f('alice@acme.com', 'metadata-yaml', 0.9),
      f('@alice', 'codeowners', 0.9, '/models/'),
    ]);
    expect(ranked).toEqual([
      { ...f('alice@acme.com', 'metadata-yaml', 0.95), detail: 'also git' },
      f('@alice', 'codeowners', 0.9, '/models/'),
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(rankOwners([])).toEqual([]);
  });
});
