// Warehouse exports write times as "2024-05-01 12:00:00.123 -0700" (Snowflake) or
// "2024-05-01 12:00:00.123456 UTC" (BigQuery), which Date.parse does not accept.
const WAREHOUSE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/** Epoch milliseconds from an ISO/warehouse time string or epoch s/ms/µs, or undefined. */
export function parseTimestamp(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  const m = WAREHOUSE_TIME.exec(text);
  if (m) {
    const [, date, time, fraction = '0', zone] = m;
    const ms = fraction.slice(0, 3).padEnd(3, '0');
    const offset = !zone || /^(z|utc)$/i.test(zone) ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const parsed = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}.${ms}${offset}`);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function fromEpoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n < 1e11) return Math.round(n * 1000); // seconds
  if (n < 1e14) return Math.round(n); // milliseconds
  return Math.round(n / 1000); // microseconds (BigQuery JSON exports)
}
