import type { Node } from 'web-tree-sitter';
import { argument, callArgs, calleeName, lineOf, walk, type CallArgs } from './syntax.js';
import { evaluate, evaluateString, PyDict, type EvalContext, type PyValue } from './values.js';

export interface DagInfo {
  id: string;
  line: number;
  /** the variable the DAG is bound to (`with DAG(...) as dag`, `dag = DAG(...)`) */
  varName?: string;
  /** source range whose tasks belong to this DAG: a with-block or a @dag function; none for `dag = DAG(...)` */
  range?: [number, number];
  defaultArgs: PyDict;
  description?: string;
  docMd?: string;
  templateSearchpath: string[];
  params: PyDict;
}

/** Every DAG a file declares: `with DAG(...)`, `dag = DAG(...)`, `@dag` functions. */
export function findDags(root: Node, ctx: EvalContext): DagInfo[] {
  const dags: DagInfo[] = [];
  walk(root, (n) => {
    if (n.type === 'call' && calleeName(n) === 'DAG' && n.parent?.type !== 'decorator') dags.push(dagFromCall(n, root, ctx));
    if (n.type === 'decorated_definition') {
      const fn = n.childForFieldName('definition');
      const deco = n.namedChildren.find((d) => d?.type === 'decorator' && decoratorName(d) === 'dag');
      if (fn?.type === 'function_definition' && deco) dags.push(dagFromDecorator(deco, fn, ctx));
    }
  });
  return dags;
}

/** `dag`, `task`, `task.bash` for `@dag`, `@task(...)`, `@task.bash(...)` */
export function decoratorName(decorator: Node): string | undefined {
  let expr = decorator.namedChild(0);
  if (expr?.type === 'call') expr = expr.childForFieldName('function');
  if (expr?.type === 'identifier') return expr.text;
  if (expr?.type === 'attribute') {
    const object = expr.childForFieldName('object');
    const attr = expr.childForFieldName('attribute')?.text;
    return object?.type === 'identifier' && object.text === 'task' ? `task.${attr}` : attr;
  }
  return undefined;
}

export function decoratorArgs(decorator: Node): CallArgs | undefined {
  const expr = decorator.namedChild(0);
  return expr?.type === 'call' ? callArgs(expr) : undefined;
}

function dagFromCall(call: Node, root: Node, ctx: EvalContext): DagInfo {
  const args = callArgs(call);
  const info = dagKwargs(args, ctx, root);
  const id = evaluateString(argument(args, 'dag_id', 0), ctx) ?? 'unknown_dag';
  const parent = call.parent;
  if (parent?.type === 'as_pattern') {
    const withStatement = parent.parent?.parent?.parent;
    const alias = parent.childForFieldName('alias')?.namedChild(0);
    return { id, line: lineOf(call), varName: alias?.text, range: withStatement ? [withStatement.startIndex, withStatement.endIndex] : undefined, ...info };
  }
  if (parent?.type === 'with_item' && parent.parent?.parent) {
    const withStatement = parent.parent.parent;
    return { id, line: lineOf(call), range: [withStatement.startIndex, withStatement.endIndex], ...info };
  }
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
  return { id, line: lineOf(call), varName: left?.type === 'identifier' ? left.text : undefined, ...info };
}

function dagFromDecorator(decorator: Node, fn: Node, ctx: EvalContext): DagInfo {
  const args = decoratorArgs(decorator) ?? { positional: [], keywords: new Map() };
  const info = dagKwargs(args, ctx);
  const name = fn.childForFieldName('name')?.text ?? 'unknown_dag';
  const id = evaluateString(argument(args, 'dag_id', 0), ctx) ?? name;
  const docMd = info.docMd ?? docstring(fn.childForFieldName('body'), ctx);
  return { id, line: lineOf(decorator), range: [fn.startIndex, fn.endIndex], ...info, docMd };
}

type DagKwargs = Pick<DagInfo, 'defaultArgs' | 'description' | 'docMd' | 'templateSearchpath' | 'params'>;

function dagKwargs(args: CallArgs, ctx: EvalContext, root?: Node): DagKwargs {
  const value = (k: string) => evaluate(args.keywords.get(k), ctx);
  const docNode = args.keywords.get('doc_md');
  const docMd = docNode?.type === 'identifier' && docNode.text === '__doc__' && root ? docstring(root, ctx) : text(value('doc_md'));
  return {
    defaultArgs: dictOr(value('default_args')),
    description: text(value('description')),
    docMd,
    templateSearchpath: stringsOf(value('template_searchpath')),
    params: dictOr(value('params')),
  };
}

/** The docstring of a module or function body: its first statement when that is a string. */
export function docstring(body: Node | null, ctx: EvalContext): string | undefined {
  const first = body?.namedChildren.find((c) => c?.type !== 'comment');
  if (first?.type !== 'expression_statement' || first.namedChild(0)?.type !== 'string') return undefined;
  return text(evaluate(first.namedChild(0), ctx));
}

export const dictOr = (v: PyValue): PyDict => (v instanceof PyDict ? v : new PyDict());
export const text = (v: PyValue): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
export const stringsOf = (v: PyValue): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
