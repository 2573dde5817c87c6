import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { OwnerFact } from '../../schemas/facts.js';
import { ownersForPath, type CodeownersRule } from '../../enrichers/owners/codeowners.js';
import { CacheDir } from './cache-dir.js';

const PREFIX = 'codeowners-';

/**
 * CODEOWNERS owners per path, computed once per path and kept between runs while the
 * CODEOWNERS file stays the same: matching 100k paths against thousands of rules
 * takes most of a minute, and a night changes few paths.
 */
export async function declaredOwners(
  rules: CodeownersRule[],
  /** the CODEOWNERS blob; none: nothing is kept */
  sha: string | undefined,
  cacheDir: string | undefined,
): Promise<{ of(path: string): OwnerFact[]; save(): Promise<void> }> {
  const dir = sha && cacheDir ? new CacheDir(cacheDir) : undefined;
  const name = dir && sha ? dir.versioned(PREFIX, '.json', sha.slice(0, 16)) : undefined;
  const file = dir && name ? dir.path(name) : undefined;
  const known = new Map<string, OwnerFact[]>(file && existsSync(file) ? Object.entries(JSON.parse(await readFile(file, 'utf8'))) : []);
  const loaded = known.size;
  return {
    of(path) {
      let owners = known.get(path);
      if (!owners) known.set(path, (owners = ownersForPath(rules, path)));
      return owners;
    },
    async save() {
      if (!dir || !name || known.size === loaded) return;
      await dir.replace(name, JSON.stringify(Object.fromEntries(known)));
      // another CODEOWNERS (or analyzer) made the others: they will not match again
      await dir.dropOthers(PREFIX, name);
    },
  };
}
