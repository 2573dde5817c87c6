import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoTarget } from '../../cli/repo-target.js';
import { runDirect } from '../../cli/run-direct.js';
import { maxFileBytes, stateDirFor } from '../../cli/options.js';
import { openCatalog } from '../../reader/catalog.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

const NOW = new Date();
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

/** The two human layers on top of the code: query logs and annotations, merged. */
describe('usage and annotations in a run', () => {
  let repo: string;
  let db: string;
  let logs: string;

  beforeAll(async () => {
    repo = await makeGitRepo([
      ...shopCommits,
      {
        files: {
          'annotations/finance.yml': [
            'table: marts.fct_daily_revenue',
            'owners: [finance-analytics]',
            'caveats:',
            '  - Excludes refunds issued after month close.',
          ].join('\n'),
        },
      },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'grainline-usage-'));
    db = join(dir, 'db');
    logs = join(dir, 'queries.jsonl');
    const lines = [
      { query: 'select order_date, country, revenue from marts.fct_daily_revenue where country = \'DE\'', user: 'looker', timestamp: daysAgo(1), source: 'dashboard', dashboard: 'rev' },
      { query: 'select order_date, country, revenue from marts.fct_daily_revenue where country = \'FR\'', user: 'looker', timestamp: daysAgo(2), source: 'dashboard', dashboard: 'rev' },
      { query: 'select * from marts.fct_daily_revenue limit 10', user: 'ana', timestamp: daysAgo(3) },
      { query: 'select * from marts.fct_daily_revenue limit 10', user: 'bo', timestamp: daysAgo(40) },
    ];
    writeFileSync(logs, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  });

  it('counts usage by tier, keeps exploration out of examples, and lets the annotation win', async () => {
    await runDirect({
      repo,
      ref: 'HEAD',
      dbUri: db,
      stateDir: stateDirFor(db),
      full: false,
      usagePaths: [logs],
      // as the CLI hands it: the repo's own folder, read as committed at the run's commit
      annotationsDir: repoTarget(repo, undefined).annotationsDir,
      maxFileBytes: maxFileBytes(),
    });
    const catalog = await openCatalog(db);
    const rec = (await catalog.get('marts.fct_daily_revenue'))!;
    expect(rec.usage?.queries7d).toBe(3);
    expect(rec.usage?.queries90d).toBe(4);
    expect(rec.usage?.tier).toBe('dashboard');
    expect(rec.usage?.exploratoryQueries).toBe(2);
    // issue 17: "0 queries in 30 days by 4 users" mixed a 30-day count with all-time users
    expect(rec.description).toContain('3 queries in the last 30 days; 3 users over the whole log.');
    expect(rec.usage?.canonicalExamples.map((e) => e.sql.toLowerCase())).not.toContainEqual(expect.stringContaining('limit 10'));
    expect(rec.usage?.canonicalExamples.length).toBeGreaterThan(0);

    expect(rec.owners[0].id).toBe('finance-analytics');
    expect(rec.owners[0].source).toBe('annotation');
    expect(rec.conflicts.some((c) => c.field === 'owners' && c.winner.source === 'annotation')).toBe(true);
    expect(rec.description).toContain('Excludes refunds issued after month close.');
    catalog.close();
  });
});
