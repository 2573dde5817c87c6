import { describe, expect, it } from 'vitest';
import { normalizeLogRecord } from '../../enrichers/usage/log-record.js';

describe('normalizeLogRecord', () => {
  it('reads our own columns and keeps a declared source', () => {
    expect(
      normalizeLogRecord({ query: 'select 1 from t', user: 'ana', timestamp: '2024-06-01T10:00:00Z', source: 'report', dashboard: 'weekly' }),
    ).toEqual({ query: 'select 1 from t', user: 'ana', timestamp: Date.UTC(2024, 5, 1, 10), tier: 'report', dashboard: 'weekly', job: undefined });
  });

  it('reads a Snowflake QUERY_HISTORY row and skips failed ones', () => {
    const row = {
      QUERY_TEXT: 'select * from analytics.orders',
      USER_NAME: 'BOB',
      START_TIME: '2024-06-01 10:00:00.123 -0700',
      QUERY_TAG: '',
      WAREHOUSE_NAME: 'TABLEAU_WH',
      EXECUTION_STATUS: 'SUCCESS',
    };
    expect(normalizeLogRecord(row)).toMatchObject({ user: 'BOB', timestamp: Date.UTC(2024, 5, 1, 17, 0, 0, 123), tier: 'dashboard' });
    expect(normalizeLogRecord({ ...row, EXECUTION_STATUS: 'FAIL' })).toBeNull();
  });

  it('reads a BigQuery JOBS row: labels, service accounts, errors', () => {
    const row = {
      query: 'select x from ds.t',
      user_email: 'ana@acme.com',
      creation_time: '2024-06-01 10:00:00.000000 UTC',
      job_type: 'QUERY',
      statement_type: 'SELECT',
      labels: '[{"key":"looker-context-dashboard_id","value":"42"}]',
      error_result: null,
    };
    expect(normalizeLogRecord(row)).toMatchObject({ tier: 'dashboard', dashboard: '42', timestamp: Date.UTC(2024, 5, 1, 10) });
    expect(normalizeLogRecord({ ...row, labels: [], user_email: 'etl@proj.iam.gserviceaccount.com' })?.tier).toBe('scheduled');
    expect(normalizeLogRecord({ ...row, labels: [] })?.tier).toBe('adhoc');
    expect(normalizeLogRecord({ ...row, error_result: { reason: 'invalidQuery' } })).toBeNull();
    expect(normalizeLogRecord({ ...row, job_type: 'LOAD' })).toBeNull();
  });

  it('infers scheduled from a job id and rejects rows without text or time', () => {
    expect(normalizeLogRecord({ Query: 'select 1 from t', Timestamp: 1717236000, Job: 'daily_orders' })).toMatchObject({
      tier: 'scheduled',
      timestamp: 1717236000_000,
    });
    expect(normalizeLogRecord({ query: '', timestamp: '2024-06-01' })).toBeNull();
    expect(normalizeLogRecord({ query: 'select 1', timestamp: 'yesterday' })).toBeNull();
  });
});
