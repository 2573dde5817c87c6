import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDirect } from '../../cli/run-direct.js';
import { maxFileBytes, stateDirFor } from '../../cli/options.js';
import { openCatalog } from '../../reader/catalog.js';
import { statePaths } from '../../infra/run-folder/run-paths.js';
import { uploadRunInputs } from '../../infra/run-folder/run-inputs.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

/**
 * Issue 22: a query log and an annotations folder on the submitting host are uploaded
 * into the run's folder under the catalog; the workflow input names them there, so a
 * worker that never saw the host reads them. The originals are deleted before the run
 * to prove nothing reads the host's copy.
 */
describe('side inputs uploaded into the run folder', () => {
  it('names them in the run folder, and the run reads them from there', async () => {
    const repo = await makeGitRepo(shopCommits);
    const host = mkdtempSync(join(tmpdir(), 'grainline-host-'));
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-inputs-')), 'db');
    const log = join(host, 'queries.jsonl');
    writeFileSync(log, JSON.stringify({ query: 'select * from marts.fct_daily_revenue', user: 'ana', timestamp: new Date().toISOString() }) + '\n');
    mkdirSync(join(host, 'notes'));
    writeFileSync(join(host, 'notes', 'finance.yml'), 'table: marts.fct_daily_revenue\nowners: [finance-analytics]\n');

    const stateDir = stateDirFor(db);
    const side = await uploadRunInputs(statePaths(stateDir).run('r1'), { usagePaths: [log], annotationsDir: join(host, 'notes') });
    const names = [...side.usagePaths, side.annotationsDir];
    expect(names.every((n) => n.startsWith('run:inputs/'))).toBe(true);
    expect(names.some((n) => n.includes(host))).toBe(false);
    rmSync(host, { recursive: true });

    await runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir, runId: 'r1', full: false, maxFileBytes: maxFileBytes(), ...side });
    const catalog = await openCatalog(db);
    const rec = (await catalog.get('marts.fct_daily_revenue'))!;
    expect(rec.usage?.queries7d).toBe(1);
    expect(rec.owners[0].id).toBe('finance-analytics');
    catalog.close();
  });

  it('keeps a repo-relative annotations folder as it is: it is read at the pinned commit', async () => {
    const run = join(mkdtempSync(join(tmpdir(), 'grainline-inputs-')), 'run');
    expect((await uploadRunInputs(run, { usagePaths: [], annotationsDir: 'annotations' })).annotationsDir).toBe('annotations');
  });
});
