import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const COMPILED = join(ROOT, 'dist', 'infra', 'cache', 'code-version.js');

/**
 * Issue 21, item 8: the caches are keyed by the analyzer code's identity, and the code
 * ships compiled (dist/, built by `npm ci`). The compiled module, in a tree with no
 * TypeScript at all, must still see an analyzer change, or a fixed analyzer would
 * read facts its older self cached.
 */
describe.skipIf(!existsSync(COMPILED))('codeVersion of compiled code', () => {
  it('changes when a compiled analyzer changes, with no .ts file anywhere', async () => {
    const root = mkdtempSync(join(tmpdir(), 'grainline-codever-'));
    mkdirSync(join(root, 'infra', 'cache'), { recursive: true });
    mkdirSync(join(root, 'enrichers', 'sql'), { recursive: true });
    mkdirSync(join(root, 'schemas'));
    copyFileSync(COMPILED, join(root, 'infra', 'cache', 'code-version.js'));
    if (existsSync(`${COMPILED}.map`)) copyFileSync(`${COMPILED}.map`, join(root, 'infra', 'cache', 'code-version.js.map'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    writeFileSync(join(root, 'schemas', 'facts.js'), 'export const A = 1;\n');
    writeFileSync(join(root, 'enrichers', 'sql', 'tables.js'), 'export const rule = 1;\n');
    // a fresh module instance each time: the version is memoized per process
    const version = async (n: number) => (await import(`${pathToFileURL(join(root, 'infra', 'cache', 'code-version.js')).href}?${n}`)).codeVersion() as string;
    const before = await version(1);
    writeFileSync(join(root, 'enrichers', 'sql', 'tables.js'), 'export const rule = 2;\n');
    const after = await version(2);
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(after).not.toBe(before);
  });
});
