import type { Node } from 'web-tree-sitter';
import { enclosingFunction, walk } from './syntax.js';

interface Binding {
  at: number;
  value: Node;
}

/**
 * Which expression a name was last assigned before a given point: a def-use pass
 * that is deliberately flow-insensitive inside a function (the textually latest
 * assignment wins), which is what straight-line DAG and Spark scripts need.
 */
export class Bindings {
  private readonly byScope = new Map<number, Map<string, Binding[]>>();

  constructor(root: Node) {
    walk(root, (n) => {
      if (n.type !== 'assignment') return;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type === 'identifier' && right) this.add(scopeId(n), left.text, { at: n.startIndex, value: right });
    });
  }

  private add(scope: number, name: string, binding: Binding): void {
    let names = this.byScope.get(scope);
    if (!names) this.byScope.set(scope, (names = new Map()));
    const list = names.get(name) ?? [];
    list.push(binding);
    names.set(name, list);
  }

  /** The expression `name` holds where `use` is: same function first, then module level. */
  lookup(name: string, use: Node): Node | undefined {
    const local = this.latestBefore(scopeId(use), name, use.startIndex);
    if (local) return local;
    const module = this.byScope.get(MODULE)?.get(name);
    if (!module) return undefined;
    // a function body runs after the whole module executed, so any module assignment counts
    const before = this.latestBefore(MODULE, name, enclosingFunction(use) ? Infinity : use.startIndex);
    return before ?? module[module.length - 1].value;
  }

  private latestBefore(scope: number, name: string, index: number): Node | undefined {
    const list = this.byScope.get(scope)?.get(name);
    let found: Node | undefined;
    for (const b of list ?? []) if (b.at < index) found = b.value;
    return found;
  }
}

const MODULE = -1;
const scopeId = (node: Node): number => enclosingFunction(node)?.id ?? MODULE;
