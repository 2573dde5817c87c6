import { createRequire } from 'node:module';
import { Language, Parser, type Node, type ParseOptions, type Tree } from 'web-tree-sitter';
import { Deadline, reportLimit } from '../limits.js';

/** A tree-sitter parser with the Python grammar loaded; reusable for any number of files. */
export interface PythonParser {
  /** `file` names the file in the warning when its parse runs out of time */
  parse(source: string, file?: string): Tree;
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
      parse(source: string, file = '(python)'): Tree {
        // a parse over its time is cancelled (the callback returns true) and read as an empty module
        const deadline = new Deadline(file, 'pythonFileMs');
        let tree = parser.parse(source, null, { progressCallback: () => deadline.expired() } as unknown as ParseOptions);
        if (!tree) {
          reportLimit(deadline.warning());
          parser.reset();
          tree = parser.parse('');
        }
        // parse() only returns null without a language or after a cancelled parse
        if (!tree) throw new Error('tree-sitter returned no tree');
        return tree;
      },
    };
  })();
  return loading;
}

/** Parses, hands the root to `fn`, and frees the tree: trees live in wasm memory, not the JS heap. */
export function withPythonTree<T>(parser: PythonParser, source: string, fn: (root: Node) => T, file?: string): T {
  const tree = parser.parse(source, file);
  try {
    return fn(tree.rootNode);
  } finally {
    tree.delete();
  }
}
