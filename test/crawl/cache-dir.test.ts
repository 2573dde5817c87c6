import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheDir } from '../../infra/cache/cache-dir.js';
import { codeVersion } from '../../infra/cache/code-version.js';

describe('the cache folder the four caches share', () => {
  it('names a versioned file after the analyzer code, so other code never reads it', () => {
    const dir = new CacheDir('/nowhere');
    expect(dir.versioned('memo-', '.tsv')).toBe(`memo-${codeVersion()}.tsv`);
    expect(dir.versioned('codeowners-', '.json', 'abc')).toBe(`codeowners-abc-${codeVersion()}.json`);
  });

  it('replaces a file whole and drops only the other files of its kind', async () => {
    const dir = new CacheDir(join(mkdtempSync(join(tmpdir(), 'cache-dir-')), 'cache'));
    await dir.ensure();
    writeFileSync(dir.path('git-log-old.txt'), 'old');
    writeFileSync(dir.path('memo-x.tsv'), 'kept: another kind');
    await dir.replace('git-log-new.txt', 'new');
    await dir.dropOthers('git-log-', 'git-log-new.txt');
    expect(readdirSync(dir.dir).sort()).toEqual(['git-log-new.txt', 'memo-x.tsv']);
    expect(readFileSync(dir.path('git-log-new.txt'), 'utf8')).toBe('new');
    expect(existsSync(dir.path(`git-log-new.txt.${process.pid}.tmp`))).toBe(false);
  });
});
