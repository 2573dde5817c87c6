import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoTarget } from '../../cli/repo-target.js';

/**
 * Issue 21: a run reads annotations as committed at its commit. What crosses to the
 * workers says where: a repo-relative folder is read from the repo at the commit, an
 * absolute one from disk (only a folder outside the repo, which no commit holds).
 */
describe('the annotations folder a run is handed', () => {
  const root = mkdtempSync(join(tmpdir(), 'grainline-target-'));
  const repo = join(root, 'repo');
  mkdirSync(join(repo, 'docs', 'notes'), { recursive: true });
  mkdirSync(join(root, 'shared'));
  symlinkSync(repo, join(root, 'repo-link'));

  it('is the repo’s own annotations/ by default, for a path and a URL alike', () => {
    expect(repoTarget(repo, undefined)).toEqual({ repo, annotationsDir: 'annotations' });
    expect(repoTarget('https://example.com/org/pipelines.git', undefined)).toEqual({ repo: 'https://example.com/org/pipelines.git', annotationsDir: 'annotations' });
  });

  it('names an explicit folder inside the repo by its path in the repo, even through a link to the repo', () => {
    expect(repoTarget(repo, join(repo, 'docs', 'notes')).annotationsDir).toBe('docs/notes');
    expect(repoTarget(join(root, 'repo-link'), join(repo, 'docs', 'notes')).annotationsDir).toBe('docs/notes');
  });

  it('keeps a folder outside the repo, or the repo itself, absolute: read from disk', () => {
    expect(repoTarget(repo, join(root, 'shared')).annotationsDir).toBe(join(root, 'shared'));
    // a sibling whose name starts like the repo's is not inside it
    mkdirSync(join(root, 'repo-notes'), { recursive: true });
    expect(repoTarget(repo, join(root, 'repo-notes')).annotationsDir).toBe(join(root, 'repo-notes'));
    expect(repoTarget(repo, repo).annotationsDir).toBe(repo);
    expect(repoTarget('git@example.com:org/pipelines.git', join(root, 'shared')).annotationsDir).toBe(join(root, 'shared'));
  });
});
