import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUsageLogs } from '../../activities/usage-logs.js';
import { makeResolver } from '../../enrichers/usage/resolve-table.js';

describe('readUsageLogs', () => {
  it('streams JSON Lines and raw Snowflake / BigQuery CSV exports from a directory; bad lines are warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    mkdirSync(join(dir, 'bq'));
    writeFileSync(
      join(dir, 'ours.jsonl'),
      [
        JSON.stringify({ query: 'select id from analytics.orders where id = 1', user: 'ana', timestamp: '2024-06-29T10:00:00Z' }),
        '{not json',
        '',
        JSON.stringify({ query: 'select id from analytics.orders where id = 2', user: 'ana', timestamp: '2024-06-28T10:00:00Z', source: 'report' }),
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'snowflake.csv'),
      'QUERY_TEXT,USER_NAME,START_TIME,WAREHOUSE_NAME,EXECUTION_STATUS\n' +
        '"select id, amount from ANALYTICS.ORDERS where amount > 5",BOB,2024-06-29 10:00:00.000 -0700,LOOKER_WH,SUCCESS\n' +
        '"select id from analytics.orders where id = 3",BOB,2024-06-29 11:00:00.000 -0700,ADHOC_WH,FAIL\n',
    );
    writeFileSync(
      join(dir, 'bq', 'jobs.csv'),
      'query,user_email,creation_time,job_type,statement_type,error_result\n' +
        '"select id from analytics.orders where id = 4",etl@p.iam.gserviceaccount.com,2024-06-29 09:00:00 UTC,QUERY,SELECT,\n',
    );
    const progress: number[] = [];
    const res = await readUsageLogs([dir], makeResolver([{ id: 'analytics.orders' }]), new Date('2024-06-30T00:00:00Z'), (n) =>
      progress.push(n),
    );
    expect(res.records).toBe(4);
    expect(res.skipped).toBe(2); // the bad JSON line and the failed Snowflake query
    expect(res.warnings).toEqual([expect.objectContaining({ file: join(dir, 'ours.jsonl'), line: 2, code: 'usage-bad-line' })]);
    expect(res.usage.get('analytics.orders')!.tierCounts).toEqual({ dashboard: 1, report: 1, scheduled: 1, adhoc: 1 });
    expect(progress.at(-1)).toBe(4);
  });

  it('a missing path is a warning, not a failure', async () => {
    const res = await readUsageLogs(['/nonexistent/log.jsonl'], () => undefined, new Date());
    expect(res.records).toBe(0);
    expect(res.warnings[0].code).toBe('usage-read');
  });
});
