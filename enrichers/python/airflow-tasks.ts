import type { Node } from 'web-tree-sitter';
import { normalizeName } from '../names.js';
import type { Dialect } from '../sql/types.js';
import { decoratorArgs, decoratorName, dictOr, docstring, text, type DagInfo } from './airflow-dags.js';
import { argument, callArgs, calleeName, calleeObject, dottedName, lineOf, walk, type CallArgs } from './syntax.js';
import { evaluate, originLine, PyDict, type EvalContext, type PyValue } from './values.js';

/** SQL a task runs: inline text, or a template file path Airflow resolves. */
export type TaskSql =
  | { kind: 'inline'; sql: string; line: number; destination?: string }
  | { kind: 'file'; path: string; line: number; destination?: string };

export interface TaskInfo {
  id: string;
  operator: string;
  line: number;
  /** the node that names the task in dependency expressions: the operator call or the @task function */
  node: Node;
  varName?: string;
  dag?: DagInfo;
  sql: TaskSql[];
  dialect?: Dialect;
  owner?: PyValue;
  email?: PyValue;
  doc?: string;
  params: PyDict;
}

const SQL_KWARGS = ['sql', 'query', 'hql'];
/** hook methods that run SQL inside a TaskFlow function */
const HOOK_METHODS = new Set(['run', 'get_records', 'get_first', 'get_pandas_df', 'get_df', 'execute', 'query', 'sql']);

const DIALECT_OF_OPERATOR: [RegExp, Dialect][] = [
  [/^BigQuery/, 'bigquery'],
  [/^Snowflake/, 'snowflake'],
  [/^(SparkSql|Databricks)/, 'spark'],
  [/^Redshift/, 'redshift'],
  [/^Postgres/, 'postgres'],
  [/^(Trino|Presto|Athena)/, 'trino'],
  [/^MySql/, 'mysql'],
];

export function findTasks(root: Node, dags: DagInfo[], ctx: EvalContext): TaskInfo[] {
  const tasks: TaskInfo[] = [];
  walk(root, (n) => {
    if (n.type === 'call' && /(Operator|Sensor)$/.test(calleeName(n) ?? '')) tasks.push(operatorTask(n, dags, ctx));
    if (n.type === 'decorated_definition') {
      const deco = n.namedChildren.find((d) => d?.type === 'decorator' && decoratorName(d)?.startsWith('task'));
      const fn = n.childForFieldName('definition');
      if (deco && fn?.type === 'function_definition') tasks.push(taskflowTask(deco, fn, dags, ctx));
    }
  });
  return tasks;
}

function operatorTask(call: Node, dags: DagInfo[], ctx: EvalContext): TaskInfo {
  const operator = calleeName(call)!;
  const args = callArgs(call);
  const parent = call.parent;
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
  return {
    id: taskId(args, ctx) ?? left?.text ?? `${operator}@${lineOf(call)}`,
    operator,
    line: lineOf(call),
    node: call,
    varName: left?.type === 'identifier' ? left.text : undefined,
    dag: dagOf(call, args, dags),
    sql: operatorSql(operator, args, ctx),
    dialect: DIALECT_OF_OPERATOR.find(([re]) => re.test(operator))?.[1],
    ...taskMeta(args, ctx),
  };
}

function taskflowTask(decorator: Node, fn: Node, dags: DagInfo[], ctx: EvalContext): TaskInfo {
  const args = decoratorArgs(decorator) ?? { positional: [], keywords: new Map<string, Node>() };
  const sql: TaskSql[] = [];
  const body = fn.childForFieldName('body');
  if (body)
    walk(body, (n) => {
      if (n.type !== 'call' || !HOOK_METHODS.has(calleeName(n) ?? '') || !calleeObject(n)) return;
      const arg = argument(callArgs(n), 'sql', 0);
      sql.push(...sqlValues(evaluate(arg, ctx), arg ? originLine(arg, ctx) : lineOf(n)).filter((s) => s.kind === 'file' || looksLikeSql(s.sql)));
    });
  const meta = taskMeta(args, ctx);
  return {
    id: taskId(args, ctx) ?? fn.childForFieldName('name')?.text ?? `task@${lineOf(fn)}`,
    operator: `@${decoratorName(decorator)}`,
    line: lineOf(decorator),
    node: fn,
    dag: dagOf(fn, args, dags),
    sql,
    ...meta,
    doc: meta.doc ?? docstring(body, ctx),
  };
}

function taskId(args: CallArgs, ctx: EvalContext): string | undefined {
  const id = evaluate(args.keywords.get('task_id'), ctx);
  return typeof id === 'string' ? id : undefined;
}

function taskMeta(args: CallArgs, ctx: EvalContext): Pick<TaskInfo, 'owner' | 'email' | 'doc' | 'params'> {
  const value = (k: string) => evaluate(args.keywords.get(k), ctx);
  const defaults = dictOr(value('default_args'));
  const docKey = ['doc_md', 'doc', 'doc_rst'].find((k) => args.keywords.has(k));
  return {
    owner: args.keywords.has('owner') ? value('owner') : defaults.entries.get('owner'),
    email: args.keywords.has('email') ? value('email') : defaults.entries.get('email'),
    doc: docKey ? text(value(docKey)) : undefined,
    params: dictOr(value('params')),
  };
}

/** The innermost DAG block around the task, else the DAG named by `dag=`, else the file's only DAG. */
function dagOf(node: Node, args: CallArgs, dags: DagInfo[]): DagInfo | undefined {
  const enclosing = dags
    .filter((d) => d.range && d.range[0] <= node.startIndex && node.endIndex <= d.range[1])
    .sort((a, b) => a.range![1] - a.range![0] - (b.range![1] - b.range![0]))[0];
  if (enclosing) return enclosing;
  const dagVar = dottedName(args.keywords.get('dag') ?? null);
  const named = dags.find((d) => d.varName && d.varName === dagVar);
  return named ?? (dags.length === 1 ? dags[0] : undefined);
}

function operatorSql(operator: string, args: CallArgs, ctx: EvalContext): TaskSql[] {
  const found: TaskSql[] = [];
  if (operator === 'BigQueryInsertJobOperator') {
    const config = evaluate(args.keywords.get('configuration'), ctx);
    const query = config instanceof PyDict ? config.get('query') : undefined;
    if (query instanceof PyDict) {
      const node = args.keywords.get('configuration')!;
      found.push(...sqlValues(query.get('query'), lineOf(node), bigQueryTable(query.get('destinationTable'))));
    }
  }
  const destination = bigQueryTable(evaluate(args.keywords.get('destination_dataset_table'), ctx));
  for (const key of SQL_KWARGS) {
    const node = args.keywords.get(key);
    if (node) found.push(...sqlValues(evaluate(node, ctx), originLine(node, ctx), destination));
  }
  // any other templated argument naming a .sql file is a template Airflow renders and runs
  for (const [key, node] of args.keywords) {
    if (SQL_KWARGS.includes(key)) continue;
    const value = evaluate(node, ctx);
    if (typeof value === 'string' && value.trim().endsWith('.sql')) found.push({ kind: 'file', path: value.trim(), line: lineOf(node) });
  }
  return found;
}

function sqlValues(value: PyValue, line: number, destination?: string): TaskSql[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => (v.trim().endsWith('.sql') ? { kind: 'file', path: v.trim(), line, destination } : { kind: 'inline', sql: v, line, destination }));
}

/** `project.dataset.table` from a BigQuery table reference: a dotted string (`project:dataset.table` too) or a destinationTable dict */
function bigQueryTable(value: PyValue): string | undefined {
  if (typeof value === 'string' && value.trim()) return normalizeName(value.replace(':', '.'));
  if (!(value instanceof PyDict)) return undefined;
  const parts = ['projectId', 'datasetId', 'tableId'].map((k) => value.get(k)).filter((p): p is string => typeof p === 'string');
  return typeof value.get('tableId') === 'string' ? normalizeName(parts.join('.')) : undefined;
}

const looksLikeSql = (s: string): boolean => /\b(select|insert|merge|create|update|delete)\b/i.test(s);
