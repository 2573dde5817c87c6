import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownersForPath, parseCodeowners } from '../../enrichers/owners/codeowners.js';
import { declaredOwners } from '../../infra/cache/owners-cache.js';

const before = parseCodeowners('.github/CODEOWNERS', '* @acme/data\n/jobs/ @acme/jobs\n').rules;
const after = parseCodeowners('.github/CODEOWNERS', '* @acme/data\n/jobs/ @acme/platform\n').rules;

describe('CODEOWNERS owners kept between runs', () => {
  it('answers as CODEOWNERS does, from the file while CODEOWNERS is unchanged, afresh once it changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grainline-owners-'));
    const first = await declaredOwners(before, 'sha-before', dir);
    expect(first.of('jobs/a.sql')).toEqual(ownersForPath(before, 'jobs/a.sql'));
    await first.save();

    // rules that would answer differently: a hit proves the answer came from the saved file
    const again = await declaredOwners(after, 'sha-before', dir);
    expect(again.of('jobs/a.sql').map((o) => o.id)).toEqual(['@acme/jobs']);

    const changed = await declaredOwners(after, 'sha-after', dir);
    expect(changed.of('jobs/a.sql').map((o) => o.id)).toEqual(['@acme/platform']);
    await changed.save();
    expect(readdirSync(dir).filter((f) => f.startsWith('codeowners-'))).toHaveLength(1);
  });
});
