import type { Node } from 'web-tree-sitter';
import type { Warning } from '../../schemas/facts.js';

/** 1-based line, as evidence and warnings report it. */
export const lineOf = (node: Node): number => node.startPosition.row + 1;

/** Pre-order walk over every node; `visit` returning false skips the node's children. */
export function walk(root: Node, visit: (node: Node) => boolean | void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push(child);
    }
  }
}

export function nodesOfType(root: Node, type: string): Node[] {
  const found: Node[] = [];
  walk(root, (n) => {
    if (n.type === type) found.push(n);
  });
  return found;
}

/** `a.b.c` for a dotted callee or attribute chain; undefined when a link is not a plain name. */
export function dottedName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute');
    return object && attr ? `${object}.${attr.text}` : undefined;
  }
  return undefined;
}

/** The last name of a callee: `PostgresOperator` for `providers.PostgresOperator(...)`, `saveAsTable` for `df.write.saveAsTable(...)`. */
export function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

/** The receiver of a method call: `df` in `df.join(...)`. */
export function calleeObject(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? (fn.childForFieldName('object') ?? undefined) : undefined;
}

export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
}

export function callArgs(call: Node): CallArgs {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const list = call.childForFieldName('arguments');
  for (const arg of list?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name.text, value);
    } else if (arg.type !== 'list_splat' && arg.type !== 'dictionary_splat') {
      positional.push(arg);
    }
  }
  return { positional, keywords };
}

/** The argument given by keyword, else at position `index`. */
export function argument(args: CallArgs, keyword: string, index?: number): Node | undefined {
  return args.keywords.get(keyword) ?? (index === undefined ? undefined : args.positional[index]);
}

/** Innermost enclosing function definition, or undefined at module level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/**
 * tree-sitter recovers from syntax errors with ERROR / missing nodes instead of failing,
 * so the rest of the file is still analysed; each recovery point becomes one warning.
 */
export function syntaxWarnings(root: Node, file: string): Warning[] {
  if (!root.hasError) return [];
  const warnings: Warning[] = [];
  walk(root, (n) => {
    if (n.isError || n.isMissing) {
      warnings.push({
        file,
        line: lineOf(n),
        code: 'python-syntax-error',
        message: n.isMissing ? `missing ${n.type}` : `cannot parse: ${n.text.slice(0, 60).split('\n')[0]}`,
      });
      return false;
    }
    return n.hasError;
  });
  return warnings;
}
