import { parseTimestamp } from './timestamp.js';
import { isUsageTier, type UsageTier } from './tiers.js';

/** A table the warehouse itself says a query read or wrote, with the columns it touched. */
export interface LoggedObject {
  /** as the warehouse names it: `DB.SCHEMA.TABLE`, `project.dataset.table` */
  name: string;
  columns: string[];
}

/** One executed query, whichever log format it came from. */
export interface QueryLogRecord {
  /** the SQL text; empty for an ACCESS_HISTORY row, which lists objects instead */
  query: string;
  user?: string;
  /** epoch milliseconds */
  timestamp: number;
  tier: UsageTier;
  dashboard?: string;
  job?: string;
  /**
   * The namespace unqualified names resolve in: Snowflake `DATABASE_NAME` / `SCHEMA_NAME`,
   * BigQuery the job's project and `default_dataset`.
   */
  database?: string;
  schema?: string;
  /**
   * Tables read, from the warehouse's own record (Snowflake ACCESS_HISTORY
   * `direct_objects_accessed` + `base_objects_accessed`, BigQuery `referenced_tables`).
   * When present it beats parsing the SQL; undefined when the log does not say.
   */
  read?: LoggedObject[];
  /** tables written (Snowflake `objects_modified`, BigQuery `destination_table`): never counted as reads */
  written?: LoggedObject[];
}

// Column names per meaning, lower-cased: ours first, then Snowflake QUERY_HISTORY,
// then BigQuery INFORMATION_SCHEMA.JOBS, then common variants.
const QUERY = ['query', 'query_text', 'sql', 'sql_text', 'querytext'];
const USER = ['user', 'user_name', 'user_email', 'principal_email', 'username', 'email'];
const TIME = ['timestamp', 'start_time', 'query_start_time', 'creation_time', 'started_at', 'time', 'ts', 'end_time'];
const DASHBOARD = ['dashboard', 'dashboard_id'];
const REPORT = ['report', 'report_id'];
const JOB = ['job', 'dag_id', 'task_id'];
// Where unqualified names resolve: Snowflake QUERY_HISTORY, then BigQuery (JOBS' project_id is
// the project the job ran in, which is also where `dataset.table` resolves).
const DATABASE = ['database_name', 'database', 'default_database'];
const SCHEMA = ['schema_name', 'schema', 'default_schema'];
const DEFAULT_DATASET = ['default_dataset', 'defaultdataset'];
const PROJECT = ['project_id', 'projectid', 'project'];
// What the warehouse recorded the query reading and writing.
const SNOWFLAKE_READ = ['direct_objects_accessed', 'base_objects_accessed'];
const SNOWFLAKE_WRITTEN = ['objects_modified'];
const BIGQUERY_READ = ['referenced_tables', 'referencedtables'];
const BIGQUERY_WRITTEN = ['destination_table', 'destinationtable'];
/** ACCESS_HISTORY also lists stages, functions, procedures and streams: only table-like objects are tables */
const TABLE_DOMAIN = /table|view/i;
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

  const query = text(pick(QUERY)) ?? '';
  const read = loggedObjects(row, SNOWFLAKE_READ) ?? loggedObjects(row, BIGQUERY_READ);
  const written = loggedObjects(row, SNOWFLAKE_WRITTEN) ?? loggedObjects(row, BIGQUERY_WRITTEN);
  if (!query && !read?.length && !written?.length) return null;
  if (failed(row)) return null;
  const timestamp = parseTimestamp(pick(TIME));
  if (timestamp === undefined) return null;
  const namespace = namespaceOf(row, pick);

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
  const record: QueryLogRecord = { query, user, timestamp, tier, dashboard, job };
  if (namespace.database) record.database = namespace.database;
  if (namespace.schema) record.schema = namespace.schema;
  if (read) record.read = read;
  if (written) record.written = written;
  return record;
}

/** Snowflake's database and schema, or BigQuery's default dataset (and the project it is in). */
function namespaceOf(row: Map<string, unknown>, pick: (names: string[]) => unknown): { database?: string; schema?: string } {
  const database = text(pick(DATABASE));
  const schema = text(pick(SCHEMA));
  if (database || schema) return { database, schema };
  const project = text(pick(PROJECT));
  const dataset = parseJson(DEFAULT_DATASET.map((n) => row.get(n)).find((v) => v !== undefined && v !== null && v !== ''));
  if (dataset && typeof dataset === 'object') {
    const d = dataset as Record<string, unknown>;
    return { database: text(d.project_id ?? d.projectId) ?? project, schema: text(d.dataset_id ?? d.datasetId) };
  }
  const named = text(dataset)?.split('.');
  if (named?.length === 2) return { database: named[0], schema: named[1] };
  return { database: project, schema: named?.[0] };
}

/**
 * The objects a log column lists, or undefined when no such column is there (so parsing
 * decides). Snowflake: `[{objectName, objectDomain, columns: [{columnName}]}]`; BigQuery:
 * `[{project_id, dataset_id, table_id}]` (or camelCase, or `projects/p/datasets/d/tables/t`).
 * Columns arrive as arrays or as the JSON text a CSV export holds.
 */
function loggedObjects(row: Map<string, unknown>, names: string[]): LoggedObject[] | undefined {
  let present = false;
  const byName = new Map<string, Set<string>>();
  for (const column of names) {
    const raw = row.get(column);
    if (raw === undefined || raw === null || raw === '') continue;
    const value = parseJson(raw);
    const items = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : undefined;
    if (!items) continue;
    present = true;
    for (const item of items) {
      const object = loggedObject(item);
      if (!object) continue;
      const columns = byName.get(object.name) ?? new Set<string>();
      for (const c of object.columns) columns.add(c);
      byName.set(object.name, columns);
    }
  }
  return present ? [...byName].map(([name, columns]) => ({ name, columns: [...columns] })) : undefined;
}

function loggedObject(item: unknown): LoggedObject | undefined {
  if (typeof item === 'string') {
    const path = /^projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(item);
    return { name: path ? path.slice(1).join('.') : item, columns: [] };
  }
  if (!item || typeof item !== 'object') return undefined;
  const o = item as Record<string, unknown>;
  const objectName = text(o.objectName ?? o.object_name);
  if (objectName) {
    const domain = text(o.objectDomain ?? o.object_domain);
    if (domain && !TABLE_DOMAIN.test(domain)) return undefined;
    const columns = Array.isArray(o.columns)
      ? o.columns.flatMap((c) => {
          const name = c && typeof c === 'object' ? text((c as Record<string, unknown>).columnName ?? (c as Record<string, unknown>).column_name) : text(c);
          return name ? [name.toLowerCase()] : [];
        })
      : [];
    return { name: objectName, columns };
  }
  const table = text(o.table_id ?? o.tableId);
  if (!table) return undefined;
  const parts = [text(o.project_id ?? o.projectId), text(o.dataset_id ?? o.datasetId), table].filter((p): p is string => p !== undefined);
  return { name: parts.join('.'), columns: [] };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!/^[[{]/.test(trimmed)) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
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
