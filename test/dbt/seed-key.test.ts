import { describe, expect, it } from 'vitest';
import { seedKey } from '../../enrichers/dbt/seed-key.js';

describe('a seed is keyed by the leading columns its CSV rows hold distinct', () => {
  it('a lookup of slugs is keyed by its first column', () => {
    // mitodl/ol-data-platform seeds/sentiments.csv: tested unique on sentiment_slug; the second column is empty
    const g = seedKey('sentiment_slug,polarity_score_bucket\npositive,\nneutral,\nnegative,\n', 'seeds/sentiments.csv');
    expect(g?.columns).toEqual(['sentiment_slug']);
    expect(g?.confidence).toBeLessThan(0.9);
  });

  it('a code repeated under two code systems is keyed by both', () => {
    // the shape of a value set: a code is unique only within its code system
    const g = seedKey('code_type,code,description\nicd-10-cm,A01,Typhoid\nicd-9-cm,A01,Other\nicd-10-cm,B02,Zoster\n', 'seeds/codes.csv');
    expect(g?.columns).toEqual(['code_type', 'code']);
  });

  it('an empty first value is no key, nor is a header with no rows', () => {
    // tuva ships value-set seeds as a header only (rows load from a bucket): nothing to read
    expect(seedKey('icd9,edcnnpa,edcnpa\n', 'seeds/johnston_icd9.csv')).toBeUndefined();
    expect(seedKey('a,b,c,d\n,1,1,1\n,1,1,1\n', 'seeds/x.csv')).toBeUndefined();
  });
});
