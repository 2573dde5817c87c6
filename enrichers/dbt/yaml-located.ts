import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Warning } from '../../schemas/facts.js';

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
  return { value: convert(doc.contents as Node | null, doc, toLine, 0), warnings: [] };
}

// Aliases can form cycles in hostile input; depth caps the walk.
const MAX_DEPTH = 64;

function convert(node: Node | null, doc: Document, toLine: (n: Node) => number | undefined, depth: number): YamlValue {
  if (node === null || node === undefined || depth > MAX_DEPTH) return null;
  if (isAlias(node)) return convert(node.resolve(doc) ?? null, doc, toLine, depth + 1);
  if (isScalar(node)) return node.value;
  if (isSeq(node)) {
    const arr = node.items.map((item) => convert(item as Node, doc, toLine, depth + 1));
    return withLine(arr, toLine(node));
  }
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    const merged: Record<string, unknown>[] = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      const value = convert(pair.value as Node | null, doc, toLine, depth + 1);
      if (key === '<<') {
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
