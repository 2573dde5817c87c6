import nunjucks from 'nunjucks';
import { installMacroCalls } from './jinja-macro-calls.js';
import { isNeutral, neutral } from './jinja-neutral.js';
import { installPythonSyntax } from './jinja-python-syntax.js';

type Lookup = (obj: unknown, key: unknown, ...rest: unknown[]) => unknown;

const STRING_METHODS: Record<string, (s: string, ...a: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s) => s.trim(),
  lstrip: (s) => s.trimStart(),
  rstrip: (s) => s.trimEnd(),
  startswith: (s, p) => s.startsWith(String(p)),
  endswith: (s, p) => s.endsWith(String(p)),
  split: (s, sep) => (sep === undefined ? s.trim().split(/\s+/) : s.split(String(sep))),
  replace: (s, a, b) => s.split(String(a)).join(String(b)),
  format: (s, ...a) => pyFormat(s, a),
  join: (s, items) => (Array.isArray(items) ? items.map(String).join(s) : String(items ?? '')),
  title: (s) => s.replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  count: (s, sub) => s.split(String(sub)).length - 1,
  find: (s, sub) => s.indexOf(String(sub)),
  index: (s, sub) => s.indexOf(String(sub)),
  rsplit: (s, sep) => (sep === undefined ? s.trim().split(/\s+/) : s.split(String(sep))),
  splitlines: (s) => s.split(/\r?\n/),
  isdigit: (s) => /^\d+$/.test(s),
  isnumeric: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isupper: (s) => s === s.toUpperCase() && s !== s.toLowerCase(),
  islower: (s) => s === s.toLowerCase() && s !== s.toUpperCase(),
  zfill: (s, w) => s.padStart(Number(w) || 0, '0'),
};

/** list methods Jinja-compat lacks */
const LIST_METHODS: Record<string, (l: unknown[], ...a: unknown[]) => unknown> = {
  extend: (l, items) => {
    if (Array.isArray(items)) l.push(...items);
    return null;
  },
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l) => {
    l.sort();
    return null;
  },
  copy: (l) => [...l],
};

/** Python's str.format: `{}`, `{0}` and `{name}` fields (keyword arguments come last, flagged). */
function pyFormat(s: string, args: unknown[]): string {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  const kwargs = last && typeof last === 'object' && last.__keywords ? last : {};
  const positional = kwargs === last ? args.slice(0, -1) : args;
  let next = 0;
  return s.replace(/\{(\w*)\}/g, (_m, field: string) => {
    const v = field === '' ? positional[next++] : /^\d+$/.test(field) ? positional[Number(field)] : kwargs[field];
    return v === undefined ? '' : String(v);
  });
}

let installed = false;

/**
 * Jinja templates call Python string methods and read attributes dbt would provide
 * (`this.identifier`, `results.columns`): nunjucks would throw on the call. The
 * runtime's member lookup is shared by every nunjucks environment in the process,
 * so this patch is installed once and only changes lookups that would otherwise
 * yield undefined.
 */
export function installLenientLookups(): void {
  if (installed) return;
  installed = true;
  // before Jinja-compat, which wraps the parser it finds
  installPythonSyntax();
  installMacroCalls();
  nunjucks.installJinjaCompat();
  compileTuplesAsArrays();
  const runtime = (nunjucks as unknown as { runtime: { memberLookup: Lookup; inOperator: (key: unknown, val: unknown) => boolean } }).runtime;
  // `'asana' in var('unset_sources')`: what Grainline cannot know iterates as empty, so it contains nothing
  // (nunjucks threw on a value that is neither list, string nor dict: 18 of ra_data_warehouse's models failed to render)
  const inOperator = runtime.inOperator;
  runtime.inOperator = (key, val) => (isNeutral(val) || val === null || val === undefined ? false : inOperator(key, val));
  const base = runtime.memberLookup;
  runtime.memberLookup = function lenientLookup(this: unknown, obj: unknown, key: unknown, ...rest: unknown[]) {
    if (typeof obj === 'string' && typeof key === 'string' && Object.hasOwn(STRING_METHODS, key)) {
      return (...a: unknown[]) => STRING_METHODS[key](obj, ...a);
    }
    if (Array.isArray(obj) && typeof key === 'string' && Object.hasOwn(LIST_METHODS, key)) {
      return (...a: unknown[]) => LIST_METHODS[key](obj, ...a);
    }
    if (isNeutral(obj)) return neutral();
    // nunjucks wraps a function it finds in a closure, whose source text would print into the SQL
    if (obj !== null && (typeof obj === 'object' || typeof obj === 'function') && typeof key === 'string') {
      const direct = (obj as Record<string, unknown>)[key];
      if (isNeutral(direct)) return direct;
    }
    const value = base.call(this, obj, key, ...rest);
    // a slice (`first_date[0:10]`: memberLookup's four-argument form) of a string is a string in Python, not a list of characters
    if (rest.length === 2 && typeof obj === 'string' && Array.isArray(value)) return value.join('');
    const known = obj !== null && (typeof obj === 'object' || typeof obj === 'function');
    return value === undefined && known && rest.length < 2 ? neutral() : value;
  };
}

type Compile = (this: { compileArray: Compile }, node: { children: unknown[] }, frame: unknown) => void;

/**
 * Jinja's `('orders', 'stg_orders')` is a tuple, and dbt projects pass lists of them to
 * their macros; nunjucks compiles a parenthesised list to JavaScript's comma operator,
 * which keeps only the last item. A group of several items becomes an array instead.
 */
function compileTuplesAsArrays(): void {
  type Emitting = { compileArray: Compile; _emit(code: string): void };
  const proto = (nunjucks as unknown as { compiler: { Compiler: { prototype: { compileGroup: (this: Emitting, ...a: Parameters<Compile>) => void } } } })
    .compiler.Compiler.prototype;
  const group = proto.compileGroup;
  (nunjucks as unknown as { runtime: Record<string, unknown> }).runtime.pyTuple = pyTuple;
  proto.compileGroup = function compileTuple(node, frame) {
    if (node.children.length < 2) return group.call(this, node, frame);
    this._emit('runtime.pyTuple(');
    this.compileArray(node, frame);
    this._emit(')');
  };
}

/**
 * A tuple prints as Python prints it, `('a', 'b')`: dbt projects write
 * `not in {{ codes }}` with a tuple of codes, which is SQL only in that form.
 */
function pyTuple(items: unknown[]): unknown[] {
  return Object.defineProperty(items, 'toString', { value: () => `(${items.map(pyRepr).join(', ')})`, enumerable: false });
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}
