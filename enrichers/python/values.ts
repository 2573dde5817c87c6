import path from 'node:path/posix';
import type { Node } from 'web-tree-sitter';
import type { Bindings } from './bindings.js';
import { argument, callArgs, calleeName, calleeObject, dottedName } from './syntax.js';

/**
 * Stands in for any value the static evaluator cannot know (a function parameter, a
 * runtime call). It is a plain identifier so SQL around it still parses, and distinctive
 * so table names built from it can be recognised and dropped.
 */
export const UNRESOLVED = 'grainline_unresolved';

export class PyDict {
  constructor(readonly entries = new Map<string, PyValue>()) {}
  get(key: string): PyValue {
    return this.entries.has(key) ? this.entries.get(key) : UNKNOWN;
  }
}

export const UNKNOWN = Symbol('unknown');
export type PyValue = string | number | boolean | null | PyValue[] | PyDict | typeof UNKNOWN | undefined;

export interface EvalContext {
  bindings: Bindings;
  /** repo-relative path of the file, the value of `__file__` */
  file: string;
}

const MAX_DEPTH = 24;

/** The value an expression has when it only involves literals and module constants. */
export function evaluate(node: Node | undefined | null, ctx: EvalContext, depth = 0): PyValue {
  if (!node || depth > MAX_DEPTH) return UNKNOWN;
  const next = (n: Node | null | undefined) => evaluate(n, ctx, depth + 1);
  switch (node.type) {
    case 'string':
      return stringValue(node, (expr) => next(expr));
    case 'concatenated_string':
      return joinStrings(node.namedChildren.map((c) => next(c)));
    case 'parenthesized_expression':
      return next(node.namedChild(0));
    case 'integer':
    case 'float':
      return Number(node.text.replace(/_/g, ''));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'list':
    case 'tuple':
      return node.namedChildren.filter((c) => c && c.type !== 'comment').map((c) => next(c));
    case 'dictionary':
      return dictValue(node, next);
    case 'identifier': {
      if (node.text === '__file__') return ctx.file;
      const bound = ctx.bindings.lookup(node.text, node);
      return bound ? next(bound) : UNKNOWN;
    }
    case 'binary_operator':
      return binaryValue(node, next);
    case 'subscript': {
      const container = next(node.childForFieldName('value'));
      const key = next(node.childForFieldName('subscript'));
      if (container instanceof PyDict && typeof key === 'string') return container.get(key);
      if (Array.isArray(container) && typeof key === 'number') return container.at(key) ?? UNKNOWN;
      return UNKNOWN;
    }
    case 'call':
      return callValue(node, ctx, next);
    case 'attribute': {
      // pathlib: Path(__file__).parent
      if (node.childForFieldName('attribute')?.text !== 'parent') return UNKNOWN;
      const base = next(node.childForFieldName('object'));
      return typeof base === 'string' ? path.dirname(base) : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/** A string value, with unknown parts replaced by `UNRESOLVED`; undefined when not a string at all. */
export function evaluateString(node: Node | undefined | null, ctx: EvalContext): string | undefined {
  const value = evaluate(node, ctx);
  return typeof value === 'string' ? value : undefined;
}

export function asText(value: PyValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return UNRESOLVED;
}

function stringValue(node: Node, interpolate: (expr: Node | null) => PyValue): PyValue {
  const start = node.child(0);
  const prefix = (start?.type === 'string_start' ? start.text : '').replace(/["']+$/, '').toLowerCase();
  if (prefix.includes('b')) return UNKNOWN;
  const raw = prefix.includes('r');
  const formatted = prefix.includes('f');
  let out = '';
  for (const part of node.namedChildren) {
    if (!part) continue;
    if (part.type === 'string_content') out += decodeContent(part.text, raw, formatted);
    else if (part.type === 'interpolation') out += asText(interpolate(part.childForFieldName('expression')));
  }
  return out;
}

function decodeContent(text: string, raw: boolean, formatted: boolean): string {
  const unbraced = formatted ? text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : text;
  if (raw) return unbraced;
  return unbraced.replace(/\\(\r?\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, esc: string) => {
    if (esc.startsWith('\n') || esc.startsWith('\r')) return '';
    if (/^[xuU]/.test(esc) && esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return ESCAPES[esc] ?? `\\${esc}`;
  });
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function joinStrings(parts: PyValue[]): PyValue {
  return parts.every((p) => typeof p === 'string') ? parts.join('') : UNKNOWN;
}

function dictValue(node: Node, next: (n: Node | null | undefined) => PyValue): PyDict {
  const dict = new PyDict();
  for (const item of node.namedChildren) {
    if (item?.type === 'pair') {
      const key = next(item.childForFieldName('key'));
      if (typeof key === 'string') dict.entries.set(key, next(item.childForFieldName('value')));
    } else if (item?.type === 'dictionary_splat') {
      const spread = next(item.namedChild(0));
      if (spread instanceof PyDict) for (const [k, v] of spread.entries) dict.entries.set(k, v);
    }
  }
  return dict;
}

function binaryValue(node: Node, next: (n: Node | null | undefined) => PyValue): PyValue {
  const op = node.childForFieldName('operator')?.type;
  const left = next(node.childForFieldName('left'));
  const right = next(node.childForFieldName('right'));
  if (op === '+') {
    if (typeof left === 'string' || typeof right === 'string') return asText(left) + asText(right);
    if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
    return UNKNOWN;
  }
  if (op === '%' && typeof left === 'string') return percentFormat(left, right);
  // pathlib: Path(__file__).parent / "sql"
  if (op === '/' && typeof left === 'string' && typeof right === 'string') return path.join(left, right);
  return UNKNOWN;
}

function percentFormat(template: string, args: PyValue): string {
  const list: PyValue[] = Array.isArray(args) ? args : [args];
  let i = 0;
  return template.replace(/%(\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]/g, (m, _g: string, key?: string) => {
    if (m === '%%') return '%';
    if (key) return asText(args instanceof PyDict ? args.get(key) : UNKNOWN);
    return asText(list[i++]);
  });
}

function callValue(node: Node, ctx: EvalContext, next: (n: Node | null | undefined) => PyValue): PyValue {
  const fn = dottedName(node.childForFieldName('function'));
  const name = calleeName(node);
  const args = callArgs(node);
  const receiver = calleeObject(node);
  const positional = () => args.positional.map((a) => next(a));
  if (fn === 'dict') {
    const dict = new PyDict();
    for (const [k, v] of args.keywords) dict.entries.set(k, next(v));
    return dict;
  }
  if (fn === 'os.path.join' || fn === 'posixpath.join') {
    const parts = positional();
    return parts.every((p) => typeof p === 'string') ? path.join(...(parts as string[])) : UNKNOWN;
  }
  if (fn === 'os.path.dirname' || fn === 'os.path.abspath' || fn === 'os.path.realpath' || fn === 'Path') {
    const p = next(args.positional[0]);
    if (typeof p !== 'string') return UNKNOWN;
    return fn === 'os.path.dirname' ? path.dirname(p) : p;
  }
  // a configured value with a literal default: the default is what the repo itself says
  if (fn === 'os.environ.get' || fn === 'os.getenv' || fn === 'Variable.get' || fn === 'models.Variable.get') {
    const fallback = argument(args, fn.startsWith('os') ? 'default' : 'default_var', 1);
    return fallback ? next(fallback) : UNKNOWN;
  }
  if (name === 'format' && receiver) {
    const template = next(receiver);
    if (typeof template !== 'string') return UNKNOWN;
    const values = positional();
    let auto = 0;
    return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      const key = (field ?? '').split(/[!:]/)[0];
      if (key === '') return asText(values[auto++]);
      if (/^\d+$/.test(key)) return asText(values[Number(key)]);
      return asText(args.keywords.has(key) ? next(args.keywords.get(key)) : UNKNOWN);
    });
  }
  if (receiver && (name === 'strip' || name === 'rstrip' || name === 'lstrip') && args.positional.length === 0) {
    const s = next(receiver);
    if (typeof s !== 'string') return UNKNOWN;
    return name === 'strip' ? s.trim() : name === 'rstrip' ? s.trimEnd() : s.trimStart();
  }
  if (name === 'dedent') return next(args.positional[0]);
  return UNKNOWN;
}

/**
 * The line of the literal an expression comes from: `sql=INSERT_SQL` points at the
 * module constant's string, which is where the SQL text (and its line numbers) starts.
 */
export function originLine(node: Node, ctx: EvalContext): number {
  let current = node;
  for (let depth = 0; current.type === 'identifier' && depth < MAX_DEPTH; depth++) {
    const bound = ctx.bindings.lookup(current.text, current);
    if (!bound) break;
    current = bound;
  }
  return current.startPosition.row + 1;
}
