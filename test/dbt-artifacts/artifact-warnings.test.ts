import { describe, expect, it } from 'vitest';
import { parseArtifact } from '../../enrichers/dbt/manifest-index.js';

describe('a broken dbt artifact', () => {
  it('is reported under its own file, also when another file held the same text just before', () => {
    // proves: the parse is memoised for the resolver and the facts to share, and two projects'
    // truncated manifests can be byte-identical; the second one's warning must not name the first
    const broken = '{"nodes": {"model.x.y": {"resource_type": "model", "name": ';
    const a = parseArtifact('a/target/manifest.json', broken);
    const b = parseArtifact('b/target/manifest.json', broken);
    expect(a.warnings.map((w) => w.file)).toEqual(['a/target/manifest.json']);
    expect(b.warnings.map((w) => w.file)).toEqual(['b/target/manifest.json']);
    expect(b.warnings[0].message).toContain('b/target/manifest.json');
  });
});
