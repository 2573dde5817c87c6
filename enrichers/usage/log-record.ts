import { parseTimestamp } from './timestamp.js';
import { isUsageTier, type UsageTier } from './tiers.js';

/** One executed query, whichever log format it came from. */
export interface QueryLogRecord {
  query: string;
  user?: string;
  /** epoch milliseconds */
  timestamp: number;
  tier: UsageTier;
  dashboard?: string;
  job?: string;
}

// Column names per meaning, lower-cased: ours first, then Snowflake QUERY_HISTORY,
// then BigQuery INFORMATION_SCHEMA.JOBS, then common variants.
const QUERY = ['query', 'query_text', 'sql', 'sql_text', 'querytext'];
const USER = ['user', 'user_name', 'user_email', 'principal_email', 'username', 'email'];
const TIME = ['timestamp', 'start_time', 'creation_time', 'started_at', 'time', 'ts', 'end_time'];
const DASHBOARD = ['dashboard', 'dashboard_id'];
const REPORT = ['report', 'report_id'];
const JOB = ['job', 'dag_id', 'task_id'];
/** free-text fields that name the client: tags, labels, warehouses, agents */
const HINTS = ['query_tag', 'labels', 'warehouse_name', 'client_application_id', 'application', 'user_agent', 'client', 'tool', 'role_name'];

const BI_TOOL = /(^|[^a-z])(looker|tableau|mode|metabase|superset|power_?bi|sigma|periscope|redash|thoughtspot)([^a-z]|$)/i;
const SCHEDULER = /(^|[^a-z])(scheduled?|scheduled_query|airflow|dag|dbt|cron|etl|composer|dagster|prefect)([^a-z]|$)/i;
const SERVICE_ACCOUNT =
  /gserviceaccount\.com$|^(svc|service|sa|etl|airflow|dbt|fivetran|stitch|bot|system|scheduler)([-_.@]|$)|[-_.](svc|service|bot|etl)(@|$)/i;
const FAILED_STATUS = /fail|error|incident|cancel/i;

/**
 * A raw log row (JSON Lines object or CSV record) as a `QueryLogRecord`, or null when
 * it is not a successfully executed query with text and a time. Keys match case-insensitively.
 */
export function normalizeLogRecord(raw: Record<string, unknown>): QueryLogRecord | null {
  const row = new Map<string, unknown>();
  for (const [key, value] of Object.entries(raw)) row.set(key.toLowerCase(), value);
  const pick = (names: string[]): unknown => {
    for (const name of names) {
      const value = row.get(name);
      if (value !== undefined && value !== null && value !== '') return value;
    }
    return undefined;
  };

  const query = text(pick(QUERY));
  if (!query) return null;
  if (failed(row)) return null;
  const timestamp = parseTimestamp(pick(TIME));
  if (timestamp === undefined) return null;

  const user = text(pick(USER));
  const hints = HINTS.flatMap((name) => flattenHint(row.get(name)));
  const labelDashboard = hints.find((h) => /dashboard|report/i.test(h.key) && h.value)?.value;
  const report = text(pick(REPORT));
  const dashboard = text(pick(DASHBOARD)) ?? labelDashboard ?? report;
  const jobId = text(row.get('job_id'));
  const job = text(pick(JOB)) ?? (jobId && SCHEDULER.test(jobId) ? jobId : undefined);
  const declared = text(row.get('source'))?.toLowerCase();

  const tier: UsageTier = isUsageTier(declared)
    ? declared
    : report && !text(pick(DASHBOARD))
      ? 'report'
      : inferTier({ dashboard, job, user, hints: hints.map((h) => `${h.key}=${h.value}`) });
  return { query, user, timestamp, tier, dashboard, job };
}

function inferTier(s: { dashboard?: string; job?: string; user?: string; hints: string[] }): UsageTier {
  if (s.dashboard || s.hints.some((h) => BI_TOOL.test(h))) return 'dashboard';
  if (s.job || (s.user && SERVICE_ACCOUNT.test(s.user)) || s.hints.some((h) => SCHEDULER.test(h))) return 'scheduled';
  return 'adhoc';
}

function failed(row: Map<string, unknown>): boolean {
  const status = text(row.get('execution_status'));
  if (status && FAILED_STATUS.test(status)) return true;
  if (text(row.get('error_code')) || text(row.get('error_message'))) return true;
  const error = row.get('error_result');
  if (error !== undefined && error !== null && error !== '' && error !== 'null' && !isEmptyObject(error)) return true;
  // LOAD / EXTRACT / COPY jobs read no tables through SQL
  const jobType = text(row.get('job_type'));
  return jobType !== undefined && jobType.toUpperCase() !== 'QUERY';
}

/** Labels and tags come as objects, [{key, value}] arrays, JSON strings or plain text. */
function flattenHint(value: unknown): { key: string; value: string }[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^[[{]/.test(trimmed)) {
      try {
        return flattenHint(JSON.parse(trimmed));
      } catch {
        // not JSON after all: plain text tag
      }
    }
    return [{ key: '', value: trimmed }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item) =>
      item && typeof item === 'object' && 'key' in item
        ? [{ key: String((item as { key: unknown }).key), value: String((item as { value?: unknown }).value ?? '') }]
        : flattenHint(item),
    );
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: v === null ? '' : String(v) }));
  }
  return [{ key: '', value: String(value) }];
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

const isEmptyObject = (v: unknown): boolean => typeof v === 'object' && v !== null && Object.keys(v).length === 0;
