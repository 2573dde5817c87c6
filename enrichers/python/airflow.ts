import type { Node } from 'web-tree-sitter';
import type { FileFacts, JoinEdge, OwnerFact, TextFact, Warning } from '../../schemas/facts.js';
import { detectDialect } from '../sql/dialect.js';
import { findDags, type DagInfo } from './airflow-dags.js';
import { findTaskEdges, type TaskEdge } from './airflow-deps.js';
import { airflowOwners, ownerBeforeRecipients } from './airflow-owners.js';
import { resolveSqlFile, type SqlFileLookup } from './airflow-sql-files.js';
import { findTasks, type TaskInfo, type TaskSql } from './airflow-tasks.js';
import { Bindings } from './bindings.js';
import { analyzeSnippet, type SqlSnippet, type TempTables } from './embedded-sql.js';
import { withPythonTree, type PythonParser } from './parser.js';
import { syntaxWarnings } from './syntax.js';
import { TableFactSet } from './table-facts.js';
import { PyDict, type EvalContext } from './values.js';

export type AirflowContext = SqlFileLookup;

/**
 * What an Airflow DAG file says about tables: each table its tasks' SQL writes (kind
 * 'airflow', upstream from that SQL), owners from default_args and the task, the DAG or
 * task documentation, and task ordering as tags (`airflow:after=<task>`). Tables a task
 * only reads get the task as a consumer. Ordering adds no lineage by itself: when task
 * b reads what task a writes, the SQL already says so.
 */
export function airflowFileFacts(parser: PythonParser, file: string, content: string, ctx: AirflowContext): FileFacts {
  try {
    return withPythonTree(parser, content, (root) => analyzeDagFile(root, file, ctx), file);
  } catch (e) {
    return { file, tables: [], joins: [], warnings: [{ file, code: 'airflow-analyzer-error', message: String((e as Error)?.message ?? e) }] };
  }
}

function analyzeDagFile(root: Node, file: string, repo: AirflowContext): FileFacts {
  const ctx: EvalContext = { bindings: new Bindings(root), file };
  const warnings: Warning[] = syntaxWarnings(root, file);
  const dags = findDags(root, ctx);
  const tasks = findTasks(root, dags, ctx);
  const edges = findTaskEdges(root, tasks, ctx.bindings);
  const tables = new TableFactSet();
  const joins: JoinEdge[] = [];
  const temps: TempTables = new Map();

  for (const task of tasks) {
    const owners = taskOwners(task, file);
    const descriptions = taskDescriptions(task, file);
    const tags = taskTags(task, edges);
    for (const sql of task.sql) {
      const snippet = snippetOf(sql, task, file, repo, warnings);
      if (!snippet) continue;
      const facts = analyzeSnippet(snippet, temps);
      warnings.push(...facts.warnings);
      joins.push(...facts.joins);
      for (const w of facts.writes)
        tables.add({ name: w.table, kind: 'airflow', defines: true, upstream: w.upstream, grain: w.grain, columns: w.columns, owners, descriptions, tags });
      for (const r of facts.reads)
        tables.add({
          name: r.name,
          defines: false,
          consumers: [{ name: `${task.dag?.id ?? 'no_dag'}.${task.id}`, type: 'airflow task', owners: owners.map((o) => o.id), source: r.source, confidence: r.confidence, file, line: task.line }],
        });
    }
  }
  return { file, tables: tables.list(), joins, warnings };
}

function snippetOf(sql: TaskSql, task: TaskInfo, file: string, repo: AirflowContext, warnings: Warning[]): SqlSnippet | undefined {
  const params = mergedParams(task.dag?.params, task.params);
  if (sql.kind === 'inline')
    return { sql: sql.sql, file, line: sql.line, dialect: detectDialect(file, sql.sql, task.dialect), params, destination: sql.destination };
  const found = resolveSqlFile(sql.path, file, task.dag?.templateSearchpath ?? [], repo);
  if (!found) {
    warnings.push({ file, line: sql.line, code: 'sql-file-not-found', message: `task ${task.id}: cannot find ${sql.path} in the repo` });
    return undefined;
  }
  return { sql: found.content, file: found.path, line: 1, dialect: detectDialect(found.path, found.content, task.dialect), params, destination: sql.destination };
}

function mergedParams(dag: PyDict | undefined, task: PyDict): PyDict {
  return new PyDict(new Map([...(dag?.entries ?? []), ...task.entries]));
}

/** Airflow's precedence: the task's own owner/email, else default_args (the task's, then the DAG's). */
function taskOwners(task: TaskInfo, file: string): OwnerFact[] {
  const defaults = task.dag?.defaultArgs;
  const taskAt = { file, line: task.line };
  const dagAt = task.dag ? { file, line: task.dag.line } : taskAt;
  const owners =
    task.owner !== undefined
      ? airflowOwners(task.owner, undefined, taskAt, `task ${task.id}`)
      : airflowOwners(defaults?.entries.get('owner'), undefined, dagAt, 'default_args');
  const emails =
    task.email !== undefined
      ? airflowOwners(undefined, task.email, taskAt, `task ${task.id}`)
      : airflowOwners(undefined, defaults?.entries.get('email'), dagAt, 'default_args');
  return ownerBeforeRecipients([...owners, ...emails]);
}

function taskDescriptions(task: TaskInfo, file: string): TextFact[] {
  const texts: TextFact[] = [];
  if (task.doc) texts.push({ text: task.doc, source: 'airflow', confidence: 0.7, file, line: task.line, detail: `task ${task.id} doc` });
  const dag: DagInfo | undefined = task.dag;
  for (const text of [dag?.description, dag?.docMd])
    if (dag && text) texts.push({ text, source: 'airflow', confidence: 0.6, file, line: dag.line, detail: `dag ${dag.id} doc` });
  return texts;
}

function taskTags(task: TaskInfo, edges: TaskEdge[]): string[] {
  const tags = [`airflow:task=${task.id}`];
  if (task.dag) tags.unshift(`airflow:dag=${task.dag.id}`);
  for (const e of edges) if (e.to === task) tags.push(`airflow:after=${e.from.id}`);
  return tags;
}
