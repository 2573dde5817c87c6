import type { Usage } from '../../schemas/table-record.js';
import { analyzeQuery } from '../sql/query-shape.js';
import type { Dialect, QueryShape } from '../sql/types.js';
import { CanonicalExamples } from './canonical-examples.js';
import { DistinctCounter } from './distinct-counter.js';
import { isExploratory } from './exploratory.js';
import type { QueryLogRecord } from './log-record.js';
import { normalizeSql } from './normalize-sql.js';
import { resolveIn, type QueryNamespace, type TableResolver } from './resolve-table.js';
import { TopK } from './top-k.js';
import { USAGE_TIERS, type UsageTier } from './tiers.js';

const DAY_MS = 86_400_000;

export interface UsageAccumulatorOptions {
  /** query name → catalog id; unresolved tables are ignored */
  resolve: TableResolver;
  dialect?: Dialect;
  /** injectable for tests; defaults to the shared SQL analyzer */
  analyze?: (sql: string, dialect?: Dialect) => QueryShape;
  /** distinct users are exact up to this many per table, a KMV estimate beyond */
  exactUsers?: number;
}

/** What one query text means for usage, computed once per distinct text. */
interface QueryPlan {
  normalized: string;
  exploratory: boolean;
  tables: string[];
  columns: [table: string, column: string][];
  filters: [table: string, column: string][];
  joins: [table: string, other: string, key: string][];
}

class TableStats {
  readonly days = new Map<number, number>();
  readonly users: DistinctCounter;
  readonly topUsers = new TopK(32);
  readonly topColumns = new TopK(64);
  readonly topFilters = new TopK(32);
  readonly joined = new TopK<TopK>(32);
  readonly tierCounts: Record<UsageTier, number> = { dashboard: 0, report: 0, scheduled: 0, adhoc: 0 };
  readonly examples = new CanonicalExamples();
  exploratory = 0;
  last = -Infinity;

  constructor(exactUsers: number) {
    this.users = new DistinctCounter(exactUsers);
  }
}

const PLAN_CACHE = 20_000;

/**
 * Per-table usage statistics from a stream of query log records. Every structure is
 * bounded (top-k counters, a KMV distinct sketch, a day histogram, a FIFO plan cache),
 * so memory depends on the number of tables, not on the number of queries.
 */
export class UsageAccumulator {
  private readonly stats = new Map<string, TableStats>();
  private readonly plans = new Map<string, QueryPlan>();
  private readonly analyze: (sql: string, dialect?: Dialect) => QueryShape;

  constructor(private readonly options: UsageAccumulatorOptions) {
    this.analyze = options.analyze ?? analyzeQuery;
  }

  /** Returns how many catalog tables the query was attributed to. */
  add(record: QueryLogRecord): number {
    const plan = this.withLoggedObjects(record, record.query ? this.plan(record.query, record) : EMPTY_PLAN);
    const day = Math.floor(record.timestamp / DAY_MS);
    for (const id of plan.tables) {
      const s = this.table(id);
      s.days.set(day, (s.days.get(day) ?? 0) + 1);
      s.tierCounts[record.tier]++;
      if (record.timestamp > s.last) s.last = record.timestamp;
      if (record.user) {
        s.users.add(record.user);
        s.topUsers.add(record.user);
      }
      if (plan.exploratory) s.exploratory++;
      else if (record.query) s.examples.add(plan.normalized, record.query, record.tier);
    }
    for (const [id, column] of plan.columns) this.table(id).topColumns.add(column);
    for (const [id, column] of plan.filters) this.table(id).topFilters.add(column);
    for (const [id, other, key] of plan.joins) this.table(id).joined.add(other, new TopK(8)).value.add(key);
    return plan.tables.length;
  }

  finish(now: Date): Map<string, Usage> {
    const today = Math.floor(now.getTime() / DAY_MS);
    const out = new Map<string, Usage>();
    for (const id of [...this.stats.keys()].sort()) {
      const s = this.stats.get(id)!;
      // a window of n days is today and the n-1 UTC days before it
      const within = (n: number) => sumDays(s.days, today - n + 1, today);
      out.set(id, {
        queries7d: within(7),
        queries30d: within(30),
        queries90d: within(90),
        distinctUsers: s.users.estimate(),
        topUsers: s.topUsers.top(10).map(({ key, count }) => ({ user: key, count })),
        topColumns: s.topColumns.top(15).map(({ key, count }) => ({ column: key, count })),
        topFilters: s.topFilters.top(10).map(({ key, count }) => ({ column: key, count })),
        joinedWith: s.joined.top(10).map(({ key, count, value }) => ({
          table: key,
          count,
          keys: value.top(3).map((k) => k.key),
        })),
        tier: USAGE_TIERS.find((t) => s.tierCounts[t] > 0) ?? 'adhoc',
        tierCounts: { ...s.tierCounts },
        exploratoryQueries: s.exploratory,
        canonicalExamples: s.examples.top(3),
        lastQueriedAt: Number.isFinite(s.last) ? new Date(s.last).toISOString() : null,
      });
    }
    return out;
  }

  private table(id: string): TableStats {
    let s = this.stats.get(id);
    if (!s) this.stats.set(id, (s = new TableStats(this.options.exactUsers ?? 512)));
    return s;
  }

  /**
   * Logs repeat the same query with different literals (dashboard filters, ids), so plans
   * are cached by normalized text; the LIMIT value joins the key because it decides
   * whether a query is exploratory. Parsing once per shape is what makes 1M lines fast.
   */
  private plan(sql: string, ns: QueryNamespace): QueryPlan {
    const normalized = normalizeSql(sql);
    // the namespace joins the key: `orders` in schema raw and in schema analytics are different tables
    const key = `${normalized}\u0000${/\blimit\s+(\d+)\s*;?\s*$/i.exec(sql)?.[1] ?? ''}\u0000${ns.database ?? ''}.${ns.schema ?? ''}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const plan = this.buildPlan(sql, normalized, { database: ns.database, schema: ns.schema });
    if (this.plans.size >= PLAN_CACHE) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, plan);
    return plan;
  }

  /**
   * What the warehouse recorded beats what parsing found: the tables read are the logged
   * ones (columns too, when it lists them); parsing still supplies filters, joins and the
   * example. A table the query wrote is never a read.
   */
  private withLoggedObjects(record: QueryLogRecord, parsed: QueryPlan): QueryPlan {
    const { read, written } = record;
    if (!read && !written?.length) return parsed;
    const { resolve } = this.options;
    const ns: QueryNamespace = { database: record.database, schema: record.schema };
    const ids = (objects: { name: string }[] = []) => objects.map((o) => resolveIn(resolve, o.name, ns)).filter((id): id is string => id !== undefined);
    const writes = new Set(ids(written));
    const readIds = read ? unique(ids(read)) : parsed.tables.filter((id) => !writes.has(id));
    const tables = readIds;
    const keep = new Set(tables);
    const logged = read
      ? uniqueBy(
          read.flatMap((o) => {
            const id = resolveIn(resolve, o.name, ns);
            return id ? o.columns.filter((c) => c && c !== '*').map((c) => [id, c.toLowerCase()] as [string, string]) : [];
          }),
        )
      : [];
    const loggedTables = new Set(logged.map(([id]) => id));
    const columns = [...logged, ...parsed.columns.filter(([id]) => keep.has(id) && !loggedTables.has(id))];
    return {
      normalized: parsed.normalized,
      exploratory: parsed.exploratory,
      tables,
      columns,
      filters: parsed.filters.filter(([id]) => keep.has(id)),
      joins: parsed.joins.filter(([a, b]) => keep.has(a) && keep.has(b)),
    };
  }

  private buildPlan(sql: string, normalized: string, ns: QueryNamespace): QueryPlan {
    let shape: QueryShape;
    try {
      shape = this.analyze(sql, this.options.dialect);
    } catch {
      // the analyzer promises not to throw; a query we cannot read is simply unattributed
      return { normalized, exploratory: false, tables: [], columns: [], filters: [], joins: [] };
    }
    const resolve = (name: string) => resolveIn(this.options.resolve, name, ns);
    const tables = unique(shape.tables.map(resolve).filter((id): id is string => id !== undefined));
    // a column the analyzer could not place belongs to the only table read, if there is one
    const owner = (table: string) => (table ? resolve(table) : tables.length === 1 ? tables[0] : undefined);
    const attribute = (refs: { table: string; column: string }[]) =>
      uniqueBy(
        refs.flatMap(({ table, column }) => {
          const id = owner(table);
          return id && tables.includes(id) && column && column !== '*' ? [[id, column.toLowerCase()] as [string, string]] : [];
        }),
      );
    const joins: QueryPlan['joins'] = [];
    for (const edge of shape.joins) {
      const left = resolve(edge.left.table);
      const right = resolve(edge.right.table);
      if (!left || !right || left === right) continue;
      const l = edge.left.columns.map((c) => c.toLowerCase()).join(',');
      const r = edge.right.columns.map((c) => c.toLowerCase()).join(',');
      joins.push([left, right, `${l}=${r}`], [right, left, `${r}=${l}`]);
    }
    return {
      normalized,
      exploratory: isExploratory(normalized, shape),
      tables,
      columns: attribute(shape.columns),
      filters: attribute(shape.filters),
      joins: uniqueBy(joins),
    };
  }
}

const EMPTY_PLAN: QueryPlan = { normalized: '', exploratory: false, tables: [], columns: [], filters: [], joins: [] };

function sumDays(days: Map<number, number>, from: number, to: number): number {
  let total = 0;
  for (const [day, count] of days) if (day >= from && day <= to) total += count;
  return total;
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

function uniqueBy<T extends unknown[]>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = row.join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
