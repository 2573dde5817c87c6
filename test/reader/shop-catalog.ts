import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDirect } from '../../cli/run-direct.js';
import type { RunSummary } from '../../schemas/run-record.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

/** Enriches a repo in-process (no Temporal) into a LanceDB folder. */
export async function enrichDirect(repo: string, db: string, ref = 'HEAD'): Promise<RunSummary> {
  return runDirect({
    repo,
    ref,
    dbUri: db,
    stateDir: join(db, '_grainline'),
    full: false,
    usagePaths: [],
    annotationsDir: join(repo, 'annotations'),
    maxFileBytes: 1024 * 1024,
  });
}

/** The shop repo, enriched: a small real catalog for reader and MCP tests. */
export async function shopCatalog(): Promise<{ repo: string; db: string }> {
  const repo = await makeGitRepo(shopCommits);
  const db = join(mkdtempSync(join(tmpdir(), 'grainline-reader-')), 'db');
  await enrichDirect(repo, db);
  return { repo, db };
}
