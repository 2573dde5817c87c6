import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

/** A tree-sitter parser with the Python grammar loaded; reusable for any number of files. */
export interface PythonParser {
  parse(source: string): Tree;
}

let loading: Promise<PythonParser> | undefined;

/**
 * The only async step of the Python analyzers: the wasm runtime and grammar load once
 * per process, then parsing is synchronous.
 */
export function loadPythonParser(): Promise<PythonParser> {
  loading ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(source: string): Tree {
        const tree = parser.parse(source);
        // parse() only returns null without a language or after a cancelled parse; neither happens here
        if (!tree) throw new Error('tree-sitter returned no tree');
        return tree;
      },
    };
  })();
  return loading;
}

/** Parses, hands the root to `fn`, and frees the tree: trees live in wasm memory, not the JS heap. */
export function withPythonTree<T>(parser: PythonParser, source: string, fn: (root: Node) => T): T {
  const tree = parser.parse(source);
  try {
    return fn(tree.rootNode);
  } finally {
    tree.delete();
  }
}
