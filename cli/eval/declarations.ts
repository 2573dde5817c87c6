import { unquoteIdentifier } from './grain-answers.js';
import { posix } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { yamlOverLimit } from '../../enrichers/limits.js';
import { uniqueColumnsOf } from '../../enrichers/dbt/yaml-tests.js';
import { Rng } from '../../fixture/prng.js';

/**
 * The answers a repo declares about itself, and the same repo with those answers
 * removed, so `grainline eval` can ask the enrichers to find them again. One walk
 * both reads and removes a declaration: what is scored is exactly what was hidden.
 */

/** Where a declared table lives: a dbt node by name, or a folder-per-table directory. */
export interface TableRef {
  /** dbt model/seed/snapshot name, or the metadata file's folder */
  name: string;
  style: 'dbt' | 'folder';
  /** the file that declared it */
  file: string;
}

export interface GrainTruth extends TableRef {
  /** every declared key; any one of them is a right answer */
  keys: string[][];
}

export interface JoinTruth extends TableRef {
  columns: string[];
  /** the other table, by the name a ref()/source() gives it */
  target: string;
  refColumns: string[];
}

export interface OwnerTruth extends TableRef {
  /** any of these ids (emails, names, team handles) is the right owner */
  ids: string[];
}

export interface Blinded {
  files: Map<string, string>;
  grain: GrainTruth[];
  joins: JoinTruth[];
  owners: OwnerTruth[];
  /** declared owners left in the copy (the ones not held out) */
  ownersKept: number;
  removed: { grain: number; joins: number; owners: number; files: string[] };
}

export interface BlindOptions {
  /** fraction of tables with declared owners whose owners are removed */
  holdout: number;
  seed: number;
}

const NODE_KEYS = ['models', 'seeds', 'snapshots'];
const TEST_KEYS = ['tests', 'data_tests'];
const METADATA_FILE = /(^|\/)metadata\.ya?ml$/;
/** a committed dbt manifest would give every answer away */
const LEAKS = /(^|\/)target\/(manifest|catalog|run_results)\.json$/;

/** Reads and removes the declarations of every YAML file; other files pass through unchanged. */
export function blindRepo(files: Map<string, string>, opts: BlindOptions): Blinded {
  const out: Blinded = { files: new Map(), grain: [], joins: [], owners: [], ownersKept: 0, removed: { grain: 0, joins: 0, owners: 0, files: [] } };
  const docs = new Map<string, Document>();
  const touched = new Set<string>();
  const ownerSites: OwnerSite[] = [];
  const groups = new Map<string, string[]>();
  for (const [path, text] of files) {
    if (LEAKS.test(path)) {
      out.removed.files.push(path);
      continue;
    }
    out.files.set(path, text);
    if (!/\.ya?ml$/.test(path)) continue;
    const doc = parseYaml(text);
    if (!doc || !isMap(doc.contents)) continue;
    const root = doc.contents as YAMLMap;
    let changed = false;
    for (const g of seqItems(root.get('groups'))) {
      const name = scalar(g.get('name'));
      const owner = g.get('owner');
      if (name && isMap(owner)) groups.set(name, [scalar(owner.get('email')), scalar(owner.get('name'))].filter(isString));
    }
    for (const key of NODE_KEYS) {
      for (const node of seqItems(root.get(key))) {
        const name = scalar(node.get('name'));
        if (!name) continue;
        const ref: TableRef = { name, style: 'dbt', file: path };
        changed = takeNodeDeclarations(node, ref, out) || changed;
        ownerSites.push(...dbtOwnerSites(node, ref));
      }
    }
    if (METADATA_FILE.test(path)) {
      const ref: TableRef = { name: posix.dirname(path), style: 'folder', file: path };
      for (const key of ['owners', 'owner']) {
        const ids = stringsOf(root.get(key));
        if (ids.length) ownerSites.push({ ref, ids, remove: () => root.delete(key) });
      }
    }
    docs.set(path, doc);
    if (changed) touched.add(path);
  }
  // groups resolve after every file is read: a model may name a group declared anywhere
  const sites = ownerSites
    .map((s) => ({ ...s, ids: s.group ? (groups.get(s.group) ?? []) : s.ids }))
    .filter((s) => s.ids.length > 0);
  const held = pickHeldOut(sites, opts);
  for (const s of sites) {
    if (!held.has(s)) continue;
    s.remove();
    out.owners.push({ ...s.ref, ids: s.ids });
    out.removed.owners++;
    touched.add(s.ref.file);
  }
  out.ownersKept = sites.length - held.size;
  for (const path of touched) out.files.set(path, String(docs.get(path)));
  return out;
}

interface OwnerSite {
  ref: TableRef;
  ids: string[];
  group?: string;
  remove: () => void;
}

function pickHeldOut(sites: OwnerSite[], opts: BlindOptions): Set<OwnerSite> {
  // one site per table, so a table with meta.owner and a group is held out whole
  const byTable = new Map<string, OwnerSite[]>();
  for (const s of sites) {
    const key = `${s.ref.style}:${s.ref.name}`;
    byTable.set(key, [...(byTable.get(key) ?? []), s]);
  }
  const tables = [...byTable.keys()].sort();
  const rng = new Rng(opts.seed);
  for (let i = tables.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [tables[i], tables[j]] = [tables[j], tables[i]];
  }
  const n = Math.round(tables.length * opts.holdout);
  return new Set(tables.slice(0, n).flatMap((t) => byTable.get(t)!));
}

/** Removes grain, join and constraint declarations from one dbt node; true when any was removed. */
function takeNodeDeclarations(node: YAMLMap, ref: TableRef, out: Blinded): boolean {
  const keys: string[][] = [];
  let removed = false;
  const dropTests = (holder: YAMLMap, column: string | undefined) => {
    for (const key of TEST_KEYS) {
      const seq = holder.get(key);
      if (!isSeq(seq)) continue;
      const before = seq.items.length;
      seq.items = seq.items.filter((item) => {
        const test = readTest(item);
        if (!test) return true;
        const grain = grainOfTest(test, column);
        if (grain) {
          keys.push(grain);
          return false;
        }
        const join = joinOfTest(test, column);
        if (join) {
          out.joins.push({ ...ref, ...join });
          out.removed.joins++;
          return false;
        }
        return true;
      });
      removed ||= seq.items.length !== before;
    }
    const constraints = holder.get('constraints');
    if (isSeq(constraints)) {
      const before = constraints.items.length;
      constraints.items = constraints.items.filter((item) => {
        const c = isMap(item) ? (item.toJSON() as Record<string, unknown>) : undefined;
        if (!c) return true;
        const type = String(c.type ?? '');
        const cols = column ? [column] : stringList(c.columns);
        // a unique constraint declares a key as a primary key does (any declared key is an answer)
        if ((type === 'primary_key' || type === 'unique') && cols.length) {
          keys.push(cols);
          return false;
        }
        if (type === 'foreign_key' && cols.length) {
          const target = refTarget(c.to) ?? refTarget(String(c.expression ?? '').split('(')[0]);
          const refCols = stringList(c.to_columns).length ? stringList(c.to_columns) : parenList(String(c.expression ?? ''));
          if (target) out.joins.push({ ...ref, columns: cols, target, refColumns: refCols });
          out.removed.joins++;
          return false;
        }
        return true;
      });
      removed ||= constraints.items.length !== before;
    }
  };
  dropTests(node, undefined);
  for (const col of seqItems(node.get('columns'))) {
    const name = scalar(col.get('name'));
    if (name) dropTests(col, name);
  }
  if (keys.length) {
    out.grain.push({ ...ref, keys: dedupeKeys(keys) });
    out.removed.grain += keys.length;
  }
  return removed;
}

type Test = { name: string; args: Record<string, unknown> };

function readTest(item: unknown): Test | undefined {
  if (isScalar(item)) return { name: String(item.value), args: {} };
  if (!isMap(item)) return undefined;
  const js = item.toJSON() as Record<string, unknown>;
  const [name, value] = Object.entries(js)[0] ?? [];
  if (!name) return undefined;
  const body = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  // dbt 1.10 moves test arguments under `arguments:`
  const args = { ...body, ...((body.arguments as Record<string, unknown>) ?? {}) };
  return { name, args };
}

/** the keys a test declares unique: the pipeline reads the same tests as declared grain (enrichers/dbt/yaml-tests.ts) */
const grainOfTest = (t: Test, column: string | undefined): string[] | undefined => uniqueColumnsOf(t, column)?.columns;

function joinOfTest(t: Test, column: string | undefined): Omit<JoinTruth, keyof TableRef> | undefined {
  const base = t.name.split('.').pop()!;
  if (!column || !/^relationships(_where)?$/.test(base)) return undefined;
  const target = refTarget(t.args.to);
  const field = typeof t.args.field === 'string' ? t.args.field : undefined;
  if (!target || !field) return undefined;
  // dbt writes both into the test's SQL as they stand: `"Product ID"` is the column Product ID
  return { columns: [unquoteIdentifier(column)], target, refColumns: [unquoteIdentifier(field)] };
}

/** `ref('x')`, `ref('pkg', 'x')`, `source('s', 't')` → the table name they point at. */
export function refTarget(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /\b(ref|source)\s*\(([^)]*)\)/.exec(value);
  if (!m) return value.trim() || undefined;
  const args = [...m[2].matchAll(/['"]([^'"]+)['"]/g)].map((a) => a[1]);
  return args.at(-1);
}

function dbtOwnerSites(node: YAMLMap, ref: TableRef): OwnerSite[] {
  const sites: OwnerSite[] = [];
  const config = node.get('config');
  for (const holder of [node, isMap(config) ? config : undefined]) {
    if (!holder) continue;
    const meta = holder.get('meta');
    if (isMap(meta)) {
      for (const key of ['owner', 'owners']) {
        const ids = stringsOf(meta.get(key));
        if (ids.length) sites.push({ ref, ids, remove: () => meta.delete(key) });
      }
    }
    const group = scalar(holder.get('group'));
    if (group) sites.push({ ref, ids: [], group, remove: () => holder.delete('group') });
  }
  return sites;
}

function parseYaml(text: string): Document | undefined {
  if (yamlOverLimit('', text)) return undefined;
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    return doc.errors.length ? undefined : doc;
  } catch {
    return undefined;
  }
}

function seqItems(node: unknown): YAMLMap[] {
  return isSeq(node) ? (node as YAMLSeq).items.filter((i): i is YAMLMap => isMap(i)) : [];
}

function scalar(node: unknown): string | undefined {
  if (isScalar(node)) return node.value == null ? undefined : String(node.value);
  return typeof node === 'string' ? node : undefined;
}

function stringsOf(node: unknown): string[] {
  if (isSeq(node)) return node.items.map(scalar).filter(isString);
  if (isMap(node)) return [scalar(node.get('email')), scalar(node.get('name'))].filter(isString);
  const s = scalar(node);
  return s ? [s] : [];
}

function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

function parenList(expr: string): string[] {
  const m = /\(([^)]*)\)/.exec(expr);
  return m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function dedupeKeys(keys: string[][]): string[][] {
  const seen = new Map(keys.map((k) => [k.map((c) => c.toLowerCase()).sort().join(','), k]));
  return [...seen.values()];
}

const isString = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
