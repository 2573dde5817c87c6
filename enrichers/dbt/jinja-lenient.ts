import nunjucks from 'nunjucks';
import { isNeutral, neutral } from './jinja-neutral.js';

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
  format: (s, ...a) => a.reduce<string>((acc, v) => acc.replace(/\{\}/, String(v)), s),
};

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
  nunjucks.installJinjaCompat();
  compileTuplesAsArrays();
  const runtime = (nunjucks as unknown as { runtime: { memberLookup: Lookup } }).runtime;
  const base = runtime.memberLookup;
  runtime.memberLookup = function lenientLookup(this: unknown, obj: unknown, key: unknown, ...rest: unknown[]) {
    if (typeof obj === 'string' && typeof key === 'string' && Object.hasOwn(STRING_METHODS, key)) {
      return (...a: unknown[]) => STRING_METHODS[key](obj, ...a);
    }
    if (isNeutral(obj)) return neutral();
    const value = base.call(this, obj, key, ...rest);
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
  const proto = (nunjucks as unknown as { compiler: { Compiler: { prototype: { compileGroup: Compile } } } }).compiler.Compiler.prototype;
  const group = proto.compileGroup;
  proto.compileGroup = function compileTuple(node, frame) {
    return node.children.length > 1 ? this.compileArray(node, frame) : group.call(this, node, frame);
  };
}
