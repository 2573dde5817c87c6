import { LineCounter, parseDocument, isAlias, isMap, isNode, isScalar, isSeq, visit, type Alias, type Document, type Node } from 'yaml';
import type { Warning } from '../../schemas/facts.js';
import { memoize, type Memo } from '../memo.js';
import { limit, yamlAliasBudget, yamlOverLimit } from '../limits.js';

/**
 * YAML read as plain JS values, but every mapping and sequence remembers the
 * 1-based line it started on, so facts read from it can point back at the file.
 * Aliases and `<<` merge keys are resolved, as dbt projects lean on anchors.
 */
const LINE = Symbol('yaml line');

export type YamlValue = unknown;

export function lineOf(value: unknown): number | undefined {
  return value !== null && typeof value === 'object' ? (value as { [LINE]?: number })[LINE] : undefined;
}

export interface LocatedYaml {
  value: YamlValue;
  warnings: Warning[];
}

export function readYaml(file: string, content: string): LocatedYaml {
  const over = yamlOverLimit(file, content);
  if (over) return { value: undefined, warnings: [over] };
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(content, { lineCounter, merge: true, uniqueKeys: false });
  } catch (err) {
    return { value: undefined, warnings: [{ file, code: 'yaml-parse', message: String(err) }] };
  }
  if (doc.errors.length > 0) {
    const warnings = doc.errors.map((e) => ({
      file,
      line: e.linePos?.[0]?.line,
      code: 'yaml-parse',
      message: `${file}: ${e.message.split('\n')[0]}`,
    }));
    return { value: undefined, warnings };
  }
  const toLine = (node: Node): number | undefined =>
    node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const budget = { left: yamlAliasBudget(content) };
  const targets = aliasTargets(doc);
  // an alias to no anchor reads as null, as the rest of the file is still worth reading; dbt would refuse it
  const warnings = [...new Set(targets.missing)].map((a) => ({ file, code: 'yaml-parse', message: `${file}: alias *${a} has no anchor before it` }));
  try {
    return { value: convert(doc.contents as Node | null, targets, toLine, 0, budget), warnings };
  } catch (err) {
    if (err !== TOO_MANY_NODES) return { value: undefined, warnings: [{ file, code: 'yaml-parse', message: `${file}: ${String(err)}` }] };
    const message = `${file}: skipped: its aliases expand past ${yamlAliasBudget(content)} values (an alias bomb?; GRAINLINE_YAML_MAX_ALIAS_VALUES)`;
    return { value: undefined, warnings: [{ file, code: 'yaml-too-large', message }] };
  }
}

// Nested aliases multiply without end (nine levels of nine are 387 million values): expansion has a budget (limits.ts)
const TOO_MANY_NODES = new Error('yaml alias expansion over budget');

/**
 * What each alias points at: the last node before it with that anchor. One walk of
 * the document; `Alias.resolve` walks it again per alias, which a schema file full
 * of `<<: *defaults` turns quadratic.
 */
function aliasTargets(doc: Document): Map<Alias, Node> & { missing: string[] } {
  const anchors = new Map<string, Node>();
  const targets = Object.assign(new Map<Alias, Node>(), { missing: [] as string[] });
  visit(doc, (_, node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
      else targets.missing.push(node.source);
    } else if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
  });
  return targets;
}

function convert(
  node: Node | null,
  aliases: Map<Alias, Node>,
  toLine: (n: Node) => number | undefined,
  depth: number,
  budget: { left: number },
): YamlValue {
  if (node === null || node === undefined || depth > limit('yamlDepth')) return null; // aliases can form cycles
  if (--budget.left < 0) throw TOO_MANY_NODES;
  if (isAlias(node)) return convert(aliases.get(node) ?? null, aliases, toLine, depth + 1, budget);
  if (isScalar(node)) return node.value;
  if (isSeq(node)) {
    const arr = node.items.map((item) => convert(item as Node, aliases, toLine, depth + 1, budget));
    return withLine(arr, toLine(node));
  }
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    const merged: Record<string, unknown>[] = [];
    for (const pair of node.items) {
      // a complex key (`? {a: 1}`) is named by its plain value: the yaml node's own toString can throw
      const key = isScalar(pair.key) ? pair.key.value : plainKey(convert(pair.key as Node | null, aliases, toLine, depth + 1, budget));
      const value = convert(pair.value as Node | null, aliases, toLine, depth + 1, budget);
      // with `merge: true` the parser gives a merge key as a symbol, not the string
      if (key === '<<' || (typeof key === 'symbol' && key.description === '<<')) {
        for (const m of Array.isArray(value) ? value : [value]) {
          if (m && typeof m === 'object') merged.push(m as Record<string, unknown>);
        }
      } else obj[String(key)] = value;
    }
    // explicit keys win over merged ones, as in YAML 1.1
    for (const m of merged) for (const [k, v] of Object.entries(m)) if (!(k in obj)) obj[k] = v;
    return withLine(obj, toLine(node));
  }
  return null;
}

function plainKey(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}

/**
 * `readYaml` through a memo. Lines live in a symbol JSON drops, so the memo keeps
 * them beside the value, as paths into it.
 */
export function readYamlMemo(file: string, content: string, memo: Memo | undefined): LocatedYaml {
  if (!memo) return readYaml(file, content);
  const kept = memoize(memo, 'located yaml', [file, content], () => {
    const { value, warnings } = readYaml(file, content);
    return { value, warnings, lines: linesOf(value) };
  });
  for (const [path, line] of kept.lines) {
    const target = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], kept.value);
    withLine(target as object, line);
  }
  return { value: kept.value, warnings: kept.warnings };
}

function linesOf(value: unknown, path: (string | number)[] = [], out: [(string | number)[], number][] = []) {
  if (value === null || typeof value !== 'object') return out;
  const line = lineOf(value);
  if (line !== undefined) out.push([path, line]);
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) linesOf(v, [...path, k], out);
  return out;
}

function withLine<T extends object>(value: T, line: number | undefined): T {
  if (line !== undefined) Object.defineProperty(value, LINE, { value: line, enumerable: false });
  return value;
}

/** Narrowing helpers for untyped YAML. */
export const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asString = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
