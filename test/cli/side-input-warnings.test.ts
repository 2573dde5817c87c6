import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from '../diff/run-cli.js';

/**
 * Issue 17, hidden problems: annotation errors and bad log lines lived only in
 * Temporal's history. Through the command line they are counted per code in the run's
 * summary (--json and `grainline runs`), each with its file and line; and the usage
 * sentence counts the 30 days and the users over the same span it names.
 */
describe('annotation and usage-log problems reach the run summary', () => {
  it('bad YAML, a bad field value, an unknown table, unreadable entries and a bad log line', { timeout: 240_000 }, async () => {
    const repo = await makeGitRepo(shopCommits);
    const dir = mkdtempSync(join(tmpdir(), 'grainline-side-warn-'));
    const db = join(dir, 'db');
    const ann = join(dir, 'annotations');
    mkdirSync(ann);
    writeFileSync(join(ann, 'bad.yml'), 'table: marts.fct_daily_revenue\nowners: [a, b\n');
    writeFileSync(join(ann, 'maybe.yml'), 'table: marts.fct_daily_revenue\ndeprecated: maybe\n');
    writeFileSync(join(ann, 'ghost.yml'), 'table: marts.no_such_table\ndescription: nobody defines it\n');
    symlinkSync(join(ann, 'gone.yml'), join(ann, 'dangling.yml'));
    mkdirSync(join(ann, 'folder.yaml'));
    const log = join(dir, 'queries.jsonl');
    const q = (user: string, daysAgo: number) =>
      JSON.stringify({ query: 'select * from marts.fct_daily_revenue', user, timestamp: new Date(Date.now() - daysAgo * 86_400_000).toISOString() });
    writeFileSync(log, [q('ana', 1), '{not json', q('bo', 2), q('cy', 60)].join('\n') + '\n');

    const r = await grainline(['enrich', '--repo', repo, '--db', db, '--annotations', ann, '--usage', log, '--json']);
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.warningCodes).toMatchObject({
      'annotation-yaml': expect.any(Number),
      'annotation-invalid': 1,
      'unknown-table': 1,
      'annotation-read': 2,
      'usage-bad-line': 1,
    });
    // stderr names them too, not only a total
    expect(r.err).toMatch(/usage-bad-line/);
    expect(r.err).toMatch(/annotation-read/);

    const listed = await grainline(['runs', '--db', db, '--run', summary.runId]);
    expect(listed.out).toMatch(/queries\.jsonl:2: usage-bad-line/);
    expect(listed.out).toMatch(/bad\.yml:\d+: annotation-yaml/);
    // the README's promise: an invalid entry is reported with its file, line and field
    expect(listed.out).toMatch(/maybe\.yml:2: annotation-invalid: .*deprecated/);

    const shown = JSON.parse((await grainline(['show', 'marts.fct_daily_revenue', '--db', db, '--json'])).out);
    expect(shown.description).toContain('2 queries in the last 30 days; 3 users over the whole log.');
  });
});
