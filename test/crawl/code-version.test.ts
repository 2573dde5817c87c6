import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installedVersion } from '../../infra/cache/code-version.js';

// The analysis cache is keyed by the analyzers' code and their parsers' versions: a
// parser upgrade must make old facts unusable, so each version has to be readable.
describe('the parser versions in the analysis cache key', () => {
  it.each(['@polyglot-sql/sdk', 'web-tree-sitter', 'node-sql-parser'])('reads the installed version of %s, even behind an exports map', (pkg) => {
    const installed = JSON.parse(readFileSync(new URL(`../../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version;
    expect(installedVersion(pkg)).toBe(installed);
  });

  it('says nothing for a package that is not installed', () => {
    expect(installedVersion('no-such-package-grainline')).toBeUndefined();
  });
});
