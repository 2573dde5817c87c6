import { crossDbMacros } from './dbt-cross-db.js';
import { neutral, neutralFallback } from './jinja-neutral.js';

/** nunjucks passes keyword arguments as a trailing object flagged `__keywords`. */
export function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as Record<string, unknown>).__keywords) {
    const { __keywords: _, ...kwargs } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

const columnList = (args: unknown[]): string[] =>
  args.flatMap((a) => (Array.isArray(a) ? a : [a])).map((a) => String(a));

/**
 * dbt_utils macros whose output shapes a model's columns, grain or reads. The surrogate key becomes
 * an md5 of its columns so column lineage survives; the date spine becomes a
 * one-column subquery body, because it is normally wrapped in a CTE.
 */
export function dbtUtils(): Record<string, unknown> {
  const surrogate = (...args: unknown[]): string => {
    const cols = columnList(splitArgs(args).positional);
    return cols.length === 1 ? `md5(${cols[0]})` : `md5(concat(${cols.join(", '-', ")}))`;
  };
  return neutralFallback({
    // older dbt_utils carried dbt's cross-database macros
    ...crossDbMacros(),
    // one row per partition: the row_number filter dbt_utils writes on warehouses with QUALIFY
    deduplicate: (...args: unknown[]): string => {
      const { positional, kwargs } = splitArgs(args);
      const relation = String(kwargs.relation ?? positional[0] ?? '');
      const partition = String(kwargs.partition_by ?? positional[1] ?? '');
      const order = String(kwargs.order_by ?? positional[2] ?? '');
      return `select * from ${relation} qualify row_number() over (partition by ${partition} order by ${order}) = 1`;
    },
    // these read the warehouse; at parse time (execute false) dbt gets nothing back either
    get_column_values: () => [],
    get_filtered_columns_in_relation: () => [],
    get_relations_by_pattern: () => [],
    get_relations_by_prefix: () => [],
    star: (...args: unknown[]): string => {
      const { positional, kwargs } = splitArgs(args);
      const alias = kwargs.relation_alias ?? positional[1];
      return typeof alias === 'string' && alias ? `${alias}.*` : '*';
    },
    generate_surrogate_key: surrogate,
    surrogate_key: surrogate,
    // the positional GROUP BY it writes is the model's grain
    group_by: (n: unknown): string => {
      const count = Math.max(0, Math.min(Number(n) || 0, 100));
      return count ? `group by ${Array.from({ length: count }, (_, i) => i + 1).join(', ')}` : '';
    },
    // a UNION ALL over the relations, so the model parses and reads every one of them
    union_relations: (...args: unknown[]): unknown => {
      const { positional, kwargs } = splitArgs(args);
      const relations = kwargs.relations ?? positional[0];
      if (!Array.isArray(relations) || relations.length === 0) return neutral();
      return relations.map((r) => `select * from ${String(r)}`).join('\nunion all\n');
    },
    date_spine: (...args: unknown[]): string => {
      const { positional, kwargs } = splitArgs(args);
      const part = String(kwargs.datepart ?? positional[0] ?? 'day');
      return `select cast(null as date) as date_${part}`;
    },
  });
}

/** `ref(...)` and `source(...)` return this: prints as the relation, has dbt's attributes. */
export class RelationValue {
  constructor(
    private readonly text: string,
    readonly identifier: string,
    readonly schema: unknown = neutral(),
    readonly database: unknown = neutral(),
  ) {}
  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  include(): RelationValue {
    return this;
  }
  render(): string {
    return this.text;
  }
  toString(): string {
    return this.text;
  }
}
