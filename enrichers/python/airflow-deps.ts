import type { Node } from 'web-tree-sitter';
import type { TaskInfo } from './airflow-tasks.js';
import type { Bindings } from './bindings.js';
import { callArgs, calleeName, calleeObject, walk } from './syntax.js';

export interface TaskEdge {
  from: TaskInfo;
  to: TaskInfo;
}

/**
 * Task ordering as the DAG file declares it: `a >> b`, `a << b`, lists on either side,
 * `chain(...)`, `cross_downstream(...)`, `set_upstream/set_downstream`, and TaskFlow
 * calls passing one task's result into another.
 */
export function findTaskEdges(root: Node, tasks: TaskInfo[], bindings: Bindings): TaskEdge[] {
  const edges: TaskEdge[] = [];
  const link = (from: TaskInfo[], to: TaskInfo[]) => {
    for (const f of from) for (const t of to) if (f !== t && !edges.some((e) => e.from === f && e.to === t)) edges.push({ from: f, to: t });
  };
  const resolve = (node: Node | null | undefined, depth = 0): TaskInfo[] => tasksOf(node, tasks, bindings, link, depth);

  walk(root, (n) => {
    if (n.type !== 'expression_statement') return;
    const expr = n.namedChild(0);
    resolve(expr?.type === 'assignment' ? expr.childForFieldName('right') : expr);
    return false;
  });
  return edges;
}

/** The tasks an expression evaluates to (Python's `a >> b` returns b), linking along the way. */
function tasksOf(
  node: Node | null | undefined,
  tasks: TaskInfo[],
  bindings: Bindings,
  link: (from: TaskInfo[], to: TaskInfo[]) => void,
  depth: number,
): TaskInfo[] {
  if (!node || depth > 32) return [];
  const recur = (n: Node | null | undefined) => tasksOf(n, tasks, bindings, link, depth + 1);
  switch (node.type) {
    case 'parenthesized_expression':
      return recur(node.namedChild(0));
    case 'list':
    case 'tuple':
      return node.namedChildren.flatMap((c) => recur(c));
    case 'identifier': {
      const byVar = tasks.filter((t) => t.varName === node.text);
      if (byVar.length > 0) return byVar;
      const bound = bindings.lookup(node.text, node);
      // a variable holding a list of tasks or a TaskFlow call result; linking again is harmless (edges dedupe)
      return bound && bound !== node ? recur(bound) : [];
    }
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.type;
      const left = recur(node.childForFieldName('left'));
      const right = recur(node.childForFieldName('right'));
      if (op === '>>') link(left, right);
      else if (op === '<<') link(right, left);
      else return [];
      return right;
    }
    case 'call':
      return callTasks(node, tasks, recur, link);
    default:
      return [];
  }
}

function callTasks(
  call: Node,
  tasks: TaskInfo[],
  recur: (n: Node | null | undefined) => TaskInfo[],
  link: (from: TaskInfo[], to: TaskInfo[]) => void,
): TaskInfo[] {
  const name = calleeName(call);
  const args = callArgs(call);
  const operator = tasks.find((t) => t.node.equals(call));
  if (operator) return [operator];
  if (name === 'chain') {
    const groups = args.positional.map((a) => ({ node: a, tasks: recur(a) }));
    for (let i = 1; i < groups.length; i++) {
      const [a, b] = [groups[i - 1], groups[i]];
      // chain() pairs two lists of equal length element-wise, as Airflow does
      if (isList(a.node) && isList(b.node) && a.tasks.length === b.tasks.length) a.tasks.forEach((t, k) => link([t], [b.tasks[k]]));
      else link(a.tasks, b.tasks);
    }
    return groups.at(-1)?.tasks ?? [];
  }
  if (name === 'cross_downstream') {
    link(recur(args.keywords.get('from_tasks') ?? args.positional[0]), recur(args.keywords.get('to_tasks') ?? args.positional[1]));
    return [];
  }
  const receiver = calleeObject(call);
  if (receiver && (name === 'set_downstream' || name === 'set_upstream')) {
    const self = recur(receiver);
    const other = recur(args.positional[0]);
    if (name === 'set_downstream') link(self, other);
    else link(other, self);
    return [];
  }
  // a TaskFlow call: the tasks whose results it receives run before it
  const taskflow = tasks.find((t) => t.node.type === 'function_definition' && t.node.childForFieldName('name')?.text === name && !receiver);
  if (taskflow) {
    for (const a of [...args.positional, ...args.keywords.values()]) link(recur(a), [taskflow]);
    return [taskflow];
  }
  return [];
}

const isList = (n: Node): boolean => n.type === 'list' || n.type === 'tuple';
