import type { Node } from 'web-tree-sitter';
import type { ColumnFact, GrainFact, JoinEdge, UpstreamFact, Warning } from '../../schemas/facts.js';
import { normalizeName } from '../names.js';
import { analyzeSnippet, dedupeUpstream, isUnresolved, type SnippetFacts, type TempTables } from '../python/embedded-sql.js';
import { argument, callArgs, calleeName, calleeObject, dottedName, lineOf } from '../python/syntax.js';
import { evaluate, evaluateString, originLine, type EvalContext } from '../python/values.js';

/** What a DataFrame expression is built from, as far as a def-use pass can tell. */
export interface DataFrameInfo {
  tables: UpstreamFact[];
  /** grain candidates: the last groupBy / dropDuplicates applied, or what the SQL that built it says */
  grain?: GrainFact[];
  /** output columns, when the DataFrame is the result of `spark.sql` */
  columns?: ColumnFact[];
}

const EMPTY: DataFrameInfo = { tables: [] };
const FLOW_EVIDENCE = { source: 'python' as const, confidence: 0.85 };
const GRAIN_EVIDENCE = { source: 'python' as const, confidence: 0.8 };
/** DataFrame methods that change the grain of what flows through */
const REGROUP = new Set(['groupBy', 'groupby', 'rollup', 'cube']);
const DEDUP = new Set(['dropDuplicates', 'drop_duplicates', 'distinct']);
const COMBINE = new Set(['join', 'crossJoin', 'union', 'unionAll', 'unionByName']);
/** row-preserving methods that leave the columns as they are; any other (select, withColumn, ...) may change them */
const SAME_COLUMNS = new Set(['filter', 'where', 'alias', 'cache', 'persist', 'repartition', 'coalesce', 'orderBy', 'sort', 'limit', 'hint', 'checkpoint']);

/**
 * Follows DataFrame expressions back to the tables they read: `spark.table`,
 * `spark.read...table`, `spark.sql`, `DeltaTable.forName`, through variables, joins,
 * unions and row-preserving methods. Results are memoized per node, and `spark.sql`
 * is analysed once, so the file walk and the data flow agree.
 */
export class DataFrames {
  private readonly memo = new Map<number, DataFrameInfo>();
  private readonly sqlMemo = new Map<number, SnippetFacts>();
  readonly joins: JoinEdge[] = [];
  readonly warnings: Warning[] = [];

  constructor(
    private readonly ctx: EvalContext,
    private readonly temps: TempTables,
  ) {}

  /** The analysis of a `spark.sql(...)` call, or undefined when the call is not one. */
  sqlOf(call: Node): SnippetFacts | undefined {
    if (calleeName(call) !== 'sql' || !calleeObject(call)) return undefined;
    const cached = this.sqlMemo.get(call.id);
    if (cached) return cached;
    const arg = argument(callArgs(call), 'sqlQuery', 0);
    const sql = evaluateString(arg, this.ctx);
    if (!arg || sql === undefined) return undefined;
    const facts = analyzeSnippet({ sql, file: this.ctx.file, line: originLine(arg, this.ctx), dialect: 'spark' }, this.temps);
    this.sqlMemo.set(call.id, facts);
    this.joins.push(...facts.joins);
    this.warnings.push(...facts.warnings);
    return facts;
  }

  /** A table name argument, normalized; warns when it depends on runtime values. */
  tableName(node: Node | undefined): string | undefined {
    const name = evaluateString(node, this.ctx);
    if (name === undefined || isUnresolved(name) || name.trim() === '') {
      if (node) this.warnings.push({ file: this.ctx.file, line: lineOf(node), code: 'unresolved-table-name', message: `table name is not a constant: ${node.text.slice(0, 80)}` });
      return undefined;
    }
    return normalizeName(name);
  }

  info(node: Node | null | undefined, depth = 0): DataFrameInfo {
    if (!node || depth > 40) return EMPTY;
    const cached = this.memo.get(node.id);
    if (cached) return cached;
    const result = this.compute(node, depth);
    this.memo.set(node.id, result);
    return result;
  }

  private compute(node: Node, depth: number): DataFrameInfo {
    const recur = (n: Node | null | undefined) => this.info(n, depth + 1);
    if (node.type === 'parenthesized_expression') return recur(node.namedChild(0));
    if (node.type === 'identifier') {
      const bound = this.ctx.bindings.lookup(node.text, node);
      return bound ? recur(bound) : EMPTY;
    }
    if (node.type === 'attribute') return recur(node.childForFieldName('object'));
    if (node.type !== 'call') return EMPTY;

    const name = calleeName(node) ?? '';
    const receiver = calleeObject(node);
    const args = callArgs(node);
    const fn = dottedName(node.childForFieldName('function'));
    const sql = this.sqlOf(node);
    if (sql) {
      const result = sql.results.at(-1);
      return { tables: sql.reads, grain: result?.grain, columns: result?.columns };
    }
    if (name === 'table' && receiver && !/\bwrite/.test(receiver.text)) return this.read(args.positional[0] ?? args.keywords.get('tableName'));
    if (fn === 'DeltaTable.forName') return this.read(argument(args, 'tableOrViewName', 1));
    if (!receiver) return name === 'broadcast' ? recur(args.positional[0]) : EMPTY;

    const base = recur(receiver);
    if (COMBINE.has(name)) {
      const other = recur(args.positional[0] ?? args.keywords.get('other'));
      if (name === 'join') this.recordJoin(base, other, argument(args, 'on', 1), node);
      return { tables: dedupeUpstream([...base.tables, ...other.tables]) };
    }
    if (REGROUP.has(name) || DEDUP.has(name)) {
      const columns = name === 'distinct' ? [] : columnNames(args.positional, this.ctx);
      const grain = columns.length > 0 ? [{ ...GRAIN_EVIDENCE, file: this.ctx.file, line: lineOf(node), columns, detail: name }] : undefined;
      return { tables: base.tables, grain };
    }
    return SAME_COLUMNS.has(name) ? base : { tables: base.tables, grain: base.grain };
  }

  private read(arg: Node | undefined): DataFrameInfo {
    const name = this.tableName(arg);
    if (!name || !arg) return EMPTY;
    return { tables: this.temps.get(name) ?? [{ name, ...FLOW_EVIDENCE, file: this.ctx.file, line: lineOf(arg) }] };
  }

  /** `a.join(b, on="k" | ["k1","k2"] | a.k == b.k)` between two single-table DataFrames */
  private recordJoin(left: DataFrameInfo, right: DataFrameInfo, on: Node | undefined, call: Node): void {
    if (!on || left.tables.length !== 1 || right.tables.length !== 1) return;
    const pairs = joinColumns(on, this.ctx, call);
    if (pairs.length === 0) return;
    this.joins.push({
      ...FLOW_EVIDENCE,
      file: this.ctx.file,
      line: lineOf(call),
      left: { table: left.tables[0].name, columns: pairs.map((p) => p[0]) },
      right: { table: right.tables[0].name, columns: pairs.map((p) => p[1]) },
    });
  }
}

/** Column names from groupBy / dropDuplicates arguments: strings, lists of strings, `F.col("x")`, `df.x`. */
function columnNames(args: Node[], ctx: EvalContext): string[] {
  const names: string[] = [];
  for (const arg of args) {
    const value = evaluate(arg, ctx);
    if (typeof value === 'string') names.push(value);
    else if (Array.isArray(value)) names.push(...value.filter((v): v is string => typeof v === 'string'));
    else {
      const col = columnOf(arg, ctx);
      if (col) names.push(col);
    }
  }
  return names.map((n) => n.toLowerCase());
}

function columnOf(node: Node, ctx: EvalContext): string | undefined {
  if (node.type === 'call' && ['col', 'column'].includes(calleeName(node) ?? '')) return evaluateString(callArgs(node).positional[0], ctx);
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  if (node.type === 'subscript') return evaluateString(node.childForFieldName('subscript'), ctx);
  return undefined;
}

/** [left column, right column] pairs of a join condition; USING-style names pair with themselves. */
function joinColumns(on: Node, ctx: EvalContext, call: Node): [string, string][] {
  const value = evaluate(on, ctx);
  if (typeof value === 'string') return [[value.toLowerCase(), value.toLowerCase()]];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
    return (value as string[]).map((v) => [v.toLowerCase(), v.toLowerCase()]);
  const leftVar = dfRoot(calleeObject(call));
  const pairs: [string, string][] = [];
  const visit = (n: Node | null) => {
    if (!n) return;
    if (n.type === 'parenthesized_expression') return visit(n.namedChild(0));
    if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '&') {
      visit(n.childForFieldName('left'));
      visit(n.childForFieldName('right'));
      return;
    }
    if (n.type === 'list') return n.namedChildren.forEach((c) => visit(c));
    if (n.type !== 'comparison_operator' || n.namedChildCount !== 2 || !n.children.some((c) => c?.type === '==')) return;
    const [a, b] = [n.namedChild(0)!, n.namedChild(1)!];
    const [ca, cb] = [columnOf(a, ctx), columnOf(b, ctx)];
    if (!ca || !cb) return;
    // orient the pair so the left column belongs to the DataFrame `.join` was called on
    const swapped = leftVar !== undefined && dfRoot(b) === leftVar && dfRoot(a) !== leftVar;
    pairs.push(swapped ? [cb.toLowerCase(), ca.toLowerCase()] : [ca.toLowerCase(), cb.toLowerCase()]);
  };
  visit(on);
  return pairs;
}

/** The variable a column reference or DataFrame chain starts from: `orders` in `orders.customer_id`. */
function dfRoot(node: Node | undefined | null): string | undefined {
  let n = node;
  while (n && (n.type === 'attribute' || n.type === 'subscript' || n.type === 'call')) {
    n = n.type === 'attribute' ? n.childForFieldName('object') : n.type === 'subscript' ? n.childForFieldName('value') : n.childForFieldName('function');
  }
  return n?.type === 'identifier' ? n.text : undefined;
}
