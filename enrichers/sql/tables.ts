/**
 * Table-level lineage of one statement from polyglot-sql (a Rust/WASM port of sqlglot),
 * the grammar chosen by measurement (docs/sql-parsers.md). node-sql-parser stays the
 * parser of the query shape (grain, columns, joins); this one answers what a statement
 * writes and reads whenever node-sql-parser cannot, and for the statement kinds that
 * grammar lacks (MERGE, UPDATE ... FROM, DELETE ... USING, ALTER TABLE RENAME / SWAP /
 * EXCHANGE PARTITION, a CTE before INSERT, INSERT ... VALUES with subqueries).
 * Names are as written, unquoted; callers normalize them when they need catalog ids.
 */
import { parse as polyglotParse } from '@polyglot-sql/sdk';
import { fallbackOrder } from './dialect.js';
import { tokenize } from './tokens.js';
import type { Dialect, StatementKind } from './types.js';

// polyglot's AST is JSON from the WASM side, loosely typed like node-sql-parser's
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface TableLineage {
  kind: StatementKind;
  writes: string[];
  reads: string[];
  temporary: boolean;
  drops: string[];
  /** ALTER TABLE a RENAME TO b: the data of `from` now lives under `to` */
  renames: { from: string; to: string }[];
  /** USE x: later unqualified names live in x */
  defaultSchema?: string;
  /** USE [DATABASE | SCHEMA | CATALOG | WAREHOUSE ...] x, as the grammar read it */
  use?: { kind?: string; name: string };
  /**
   * Files and stages a statement loads from or unloads to (LOAD DATA INPATH, COPY, UNLOAD,
   * INSERT OVERWRITE DIRECTORY, Snowflake @stages): datasets for `grainline lineage`,
   * never catalog tables, so they are kept apart from writes and reads.
   */
  locations: { reads: string[]; writes: string[] };
}

export type TablesResult = ({ ok: true; dialect: Dialect } & TableLineage) | { ok: false; error: string };

export const POLYGLOT_DIALECT: Record<Dialect, string> = {
  bigquery: 'bigquery',
  snowflake: 'snowflake',
  spark: 'spark',
  postgres: 'postgresql',
  redshift: 'redshift',
  duckdb: 'duckdb',
  mysql: 'mysql',
  trino: 'trino',
  tsql: 'tsql',
  clickhouse: 'clickhouse',
};

/**
 * Parses one statement with the preferred dialect, then the fallbacks; the first error is kept.
 * `usedCtesOnly`: a CTE the statement never reads reads nothing (what the SQL means; `grainline
 * lineage`). The catalog keeps them: in a dbt model every `ref` is an upstream, used or not.
 */
export function statementTables(sql: string, dialect: Dialect, opts: { usedCtesOnly?: boolean } = {}): TablesResult {
  // Delta's `REPLACE TABLE t ... AS SELECT` is CREATE OR REPLACE by another name, which the grammars know
  if (/^REPLACE\s+TABLE\b/i.test(sql)) sql = `CREATE OR ${sql}`;
  let firstError: string | undefined;
  for (const d of tableGrammars(dialect)) {
    let res: Json;
    try {
      res = polyglotParse(sql, POLYGLOT_DIALECT[d] as never);
    } catch (e) {
      firstError ??= String((e as Error)?.message ?? e);
      continue;
    }
    if (res?.success && Array.isArray(res.ast) && res.ast.length > 0) {
      return { ok: true, dialect: d, ...lineageOf(res.ast[0], d, !!opts.usedCtesOnly) };
    }
    firstError ??= String(res?.error ?? 'no statement');
  }
  return { ok: false, error: firstError ?? 'empty statement' };
}

/**
 * The dialect's fallbacks, then T-SQL for a Postgres or Redshift file: `[bracketed]` names
 * are read there as in SQL Server. Only for tables: node-sql-parser's query shape keeps its order.
 */
function tableGrammars(d: Dialect): Dialect[] {
  return d === 'postgres' || d === 'redshift' ? [...fallbackOrder(d), 'tsql'] : fallbackOrder(d);
}

/** the statement node's type and body: `{insert: {...}}` -> ['insert', {...}] */
function unwrap(node: Json): [string, Json] {
  const k = Object.keys(node ?? {})[0];
  return [k, node?.[k]];
}

function ident(x: Json): string | undefined {
  if (x == null) return undefined;
  if (typeof x === 'string') return x;
  return typeof x.name === 'string' ? x.name : undefined;
}

/** a TableRef: `{name, schema, catalog, alias, column_aliases, ...}` (columns have no catalog) */
function isTableRef(x: Json): boolean {
  return x != null && typeof x === 'object' && 'catalog' in x && 'column_aliases' in x && x.name && typeof x.name === 'object';
}

/** `catalog.schema.name` as written, without quotes */
function refName(ref: Json): string | undefined {
  const parts = [ident(ref.catalog), ident(ref.schema), ident(ref.name)].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join('.') : undefined;
}

function lineageOf(stmt: Json, dialect: Dialect, usedCtesOnly: boolean): TableLineage {
  const [type, body] = unwrap(stmt);
  const out: TableLineage = { kind: 'other', writes: [], reads: [], temporary: false, drops: [], renames: [], locations: { reads: [], writes: [] } };
  if (NO_DATA_MOVED.has(type)) return out;
  const written = new Set<Json>();
  const write = (ref: Json) => {
    if (!isTableRef(ref)) return;
    written.add(ref);
    const path = filePath(ref);
    if (path) return void out.locations.writes.push(path);
    const n = refName(ref);
    if (n) out.writes.push(n);
  };
  // a target may come wrapped (`{table}`, `{alias: {this: {table}}}`): its first TableRef is it
  const unwrapTable = (x: Json) => firstRef(x);
  switch (type) {
    case 'select':
      out.kind = 'select';
      partitionMove(body, out);
      if (body?.into?.this) {
        // SELECT ... INTO t (T-SQL, Postgres): a create-table-as in disguise
        out.kind = 'create_table_as';
        out.temporary = !!body.into.temporary;
        write(unwrapTable(body.into.this));
      }
      break;
    case 'union':
    case 'intersect':
    case 'except':
      out.kind = 'select';
      break;
    case 'insert':
      out.kind = 'insert';
      write(unwrapTable(body.table));
      // INSERT INTO t EXEC proc: the procedure's reads are not visible, and it is no table
      if (body.query?.execute) return { ...out, writes: unique(out.writes) };
      // INSERT OVERWRITE [LOCAL] DIRECTORY 'path' SELECT ...: the rows go to files
      if (typeof body.directory?.path === 'string') out.locations.writes.push(body.directory.path);
      // Spark's `.. DIRECTORY 'path' USING parquet [OPTIONS (..)] SELECT ..` reaches us as raw text: its query still reads
      if (typeof body.query?.command?.this === 'string') commandQueryReads(body.query.command.this, dialect, out);
      break;
    case 'multitable_inserts':
      // Snowflake INSERT ALL / FIRST INTO t1 ... INTO t2 ... SELECT: one query, several targets
      out.kind = 'insert';
      for (const e of body.expressions ?? []) write(unwrapTable(e?.conditional_insert?.this?.insert?.table));
      break;
    case 'load_data':
      // LOAD DATA [LOCAL] INPATH 'path' INTO TABLE t: the files become t's rows
      out.kind = 'insert';
      write(unwrapTable(body.table));
      if (typeof body.inpath === 'string') out.locations.reads.push(body.inpath);
      break;
    case 'cache':
      // CACHE TABLE c AS SELECT ...: c is a temporary view of the query (without AS, nothing moves)
      if (!body.query) return out;
      out.kind = 'create_view';
      out.temporary = true;
      if (ident(body.table)) out.writes.push(ident(body.table)!);
      break;
    case 'command':
      unload(String(body?.this ?? ''), dialect, out);
      return out;
    case 'create_table':
      out.kind = body.as_select ? 'create_table_as' : 'create_table';
      out.temporary = !!body.temporary || String(ident(body.name?.name) ?? '').startsWith('#');
      write(body.name);
      // CREATE TABLE x LIKE y / CLONE y: y is where the shape (or the data) comes from
      break;
    case 'create_view':
      out.kind = 'create_view';
      out.temporary = !!body.temporary;
      write(body.name);
      break;
    case 'update': {
      out.kind = 'update';
      const target = boundTarget(unwrapTable(body.table), body, written);
      write(target);
      // T-SQL `UPDATE dbo.t ... FROM dbo.t JOIN s`: the FROM item named like the target is the
      // target itself (Postgres would read it as a self-join, so only T-SQL)
      if (dialect === 'tsql' && isTableRef(target)) {
        const name = refName(target)?.toLowerCase();
        visit([body.from_clause, body.from_joins, body.from], (ref) => {
          if (refName(ref)?.toLowerCase() === name) written.add(ref);
        });
      }
      break;
    }
    case 'delete':
      out.kind = 'delete';
      write(boundTarget(unwrapTable(body.table), body, written));
      // MySQL `DELETE a FROM tab1 a JOIN ...` lists the target by its alias, `DELETE tab1 FROM tab1 JOIN ...` by an
      // unaliased FROM item's own name: that item is the target, not a read
      for (const r of body.tables ?? []) {
        if (!isTableRef(r)) continue;
        const byAlias = ident(r.name)?.toLowerCase() === ident(body.alias)?.toLowerCase();
        const byName = !r.alias && refName(r)?.toLowerCase() === refName(body.table)?.toLowerCase();
        if (byAlias || byName) written.add(r);
      }
      break;
    case 'merge':
      out.kind = 'merge';
      write(unwrapTable(body.this));
      break;
    case 'truncate':
      // emptying a table moves no data into it: no lineage (docs/sql-parsers.md)
      return out;
    case 'copy':
      copy(body, out, write);
      break;
    case 'drop_table':
    case 'drop_view':
      // DROP TABLE a, b lists `names`; DROP VIEW v has one `name`
      for (const r of body.names ?? (body.name ? [body.name] : [])) {
        written.add(r);
        const n = refName(r);
        if (n) out.drops.push(n);
      }
      break;
    case 'use':
      out.defaultSchema = ident(body.this);
      if (out.defaultSchema) out.use = { kind: typeof body.kind === 'string' ? body.kind.toLowerCase() : undefined, name: out.defaultSchema };
      break;
    case 'alter_table':
      alterTable(body, out, written);
      break;
    case 'alter_view': {
      // ALTER VIEW a RENAME TO b: the view's definition now lives under b
      const rename = (body.actions ?? []).map((a: Json) => a?.Rename).find(isTableRef);
      written.add(body.name);
      // ALTER VIEW v AS SELECT ..: v is defined anew by the query, as CREATE OR REPLACE VIEW would
      if ((body.actions ?? []).some((a: Json) => a?.AsSelect) && refName(body.name)) {
        out.kind = 'create_view';
        out.writes.push(refName(body.name)!);
      }
      if (rename && refName(body.name)) {
        written.add(rename);
        out.kind = 'create_view';
        out.renames.push({ from: refName(body.name)!, to: refName(rename)! });
        out.writes.push(refName(rename)!);
        out.reads.push(refName(body.name)!);
      }
      break;
    }
    case 'export':
      // BigQuery EXPORT DATA OPTIONS (uri = '...') AS SELECT: the query's rows go to files
      out.kind = 'insert';
      for (const o of body.options ?? []) if (ident(o?.eq?.left?.column?.name)?.toLowerCase() === 'uri' && literal(o.eq.right)) out.locations.writes.push(literal(o.eq.right)!);
      break;
  }
  // T-SQL `OUTPUT inserted.* INTO log` (INSERT, UPDATE, DELETE, MERGE): the changed rows are written to log too
  const into = body?.output?.into_table?.column;
  const outputLog = into ? [ident(into.table), ident(into.name)].filter(Boolean).join('.') : undefined;
  const aliases = new Set<string>();
  collectAliases(body, aliases);
  const reads: string[] = [];
  visitInScope(body, new Set(), (ref, ctes) => {
    if (written.has(ref)) return;
    const path = filePath(ref);
    if (path) return void out.locations.reads.push(path);
    const n = refName(ref);
    if (!n) return;
    const first = (ident(ref.catalog) ?? ident(ref.schema))?.toLowerCase();
    if (!ref.schema && !ref.catalog && ctes.has(n.toLowerCase())) return;
    // BigQuery's implicit UNNEST: `FROM t, t.arr AS x` reads t's array column, not a table t.arr
    if (dialect === 'bigquery' && first && !ref.catalog && aliases.has(first)) return;
    reads.push(n);
  }, usedCtesOnly);
  out.reads.push(...reads);
  out.locations.reads.push(...stageReads(body));
  // DELETE without a source only removes rows: nothing flows in (a plain UPDATE still writes values)
  // OUTPUT deleted.* / inserted.* INTO log of a DELETE or UPDATE: log gets the target's rows
  const changed = (out.kind === 'delete' || out.kind === 'update') && outputLog ? out.writes[0] : undefined;
  if (out.kind === 'delete' && out.reads.length === 0) out.writes = [];
  if (outputLog) {
    if (changed && !out.reads.includes(changed)) out.reads.push(changed);
    out.writes.push(outputLog);
  }
  if (dialect === 'bigquery') {
    // `t$20240101` / `t$__UNPARTITIONED__` is a partition of t (a BigQuery table name cannot hold `$`)
    out.writes = out.writes.map(undecorated);
    out.reads = out.reads.map(undecorated);
  }
  out.writes = unique(out.writes);
  out.reads = unique(out.reads);
  return out;
}

const undecorated = (name: string) => name.replace(/\$\w+$/, '');

/** RENAME TO, Snowflake SWAP WITH and Hive EXCHANGE PARTITION move rows between names */
function alterTable(body: Json, out: TableLineage, written: Set<Json>): void {
  const self = refName(body.name);
  written.add(body.name);
  if (!self) return;
  out.kind = 'other';
  for (const action of body.actions ?? []) {
    const [k, v] = unwrap(action);
    if (k === 'RenameTable' && isTableRef(v)) {
      written.add(v);
      const to = refName(v)!;
      out.kind = 'insert';
      out.renames.push({ from: self, to });
      out.writes.push(to);
      out.reads.push(self);
    } else if (k === 'SwapWith' && isTableRef(v)) {
      written.add(v);
      const other = refName(v)!;
      out.kind = 'insert';
      out.writes.push(self, other);
      out.reads.push(self, other);
    } else if (k === 'Raw' && typeof v?.sql === 'string') {
      // the grammar keeps EXCHANGE PARTITION (...) WITH TABLE b as raw text; its last word is b
      const m = /^EXCHANGE\s+PARTITION\b[\s\S]*\bWITH\s+TABLE\s+([^\s;]+)\s*$/i.exec(v.sql);
      if (m) {
        out.kind = 'insert';
        out.writes.push(self);
        out.reads.push(m[1].replace(/[`"]/g, ''));
      }
    }
    // ADD COLUMN and the like change the table's shape, not its data: no lineage
  }
  out.writes = unique(out.writes);
}

/** Spark/Databricks `parquet.\`s3://b/p\``, `delta.\`/mnt/x\``, `csv.\`f.csv\``: files read in place, named by their path */
const FILE_FORMATS = new Set(['parquet', 'delta', 'csv', 'json', 'orc', 'avro', 'text', 'binaryfile', 'iceberg']);
function filePath(ref: Json): string | undefined {
  const n = ident(ref.name);
  const format = ident(ref.schema)?.toLowerCase();
  return n && format && !ref.catalog && FILE_FORMATS.has(format) && /[/:.]/.test(n) ? n : undefined;
}

/** the same files as node-sql-parser names them (`parquet.s3://b/p`): not a catalog table */
export function isFilePath(name: string): boolean {
  const dot = name.indexOf('.');
  return dot > 0 && FILE_FORMATS.has(name.slice(0, dot).toLowerCase()) && /[/:]/.test(name.slice(dot + 1));
}

/** statements that move no rows between tables (EXEC/CALL run code we cannot see): what they name is not lineage */
const NO_DATA_MOVED = new Set(['analyze', 'grant', 'revoke', 'describe', 'show', 'comment', 'refresh', 'uncache', 'set_statement', 'kill', 'transaction', 'commit', 'rollback', 'execute',
  // definitions of things that hold no rows: functions, indexes, schemas, stages (a location is read only by a COPY)
  'create_function', 'drop_function', 'create_index', 'drop_index', 'create_schema', 'drop_schema', 'create_database', 'drop_database', 'create_sequence', 'drop_sequence', 'create_stage']);

/**
 * UPDATE t ... FROM tab1 AS t JOIN tab2 (T-SQL) and DELETE a FROM tab1 a JOIN tab2 (MySQL):
 * the target is an alias bound in the statement's own FROM; the table it names is the
 * one written, and that FROM item is the target, not a read.
 */
function boundTarget(target: Json, body: Json, written: Set<Json>): Json {
  if (!isTableRef(target) || ident(target.schema) || ident(target.catalog)) return target;
  const name = ident(target.name)?.toLowerCase();
  let bound: Json;
  written.add(target);
  visit([body.from_clause, body.from_joins, body.from, body.using, body.tables], (ref) => {
    if (bound || ref === target) return;
    if (ident(ref.alias)?.toLowerCase() === name) bound = ref;
  });
  return bound ?? target;
}

/** the string value of a literal node, if it is one */
function literal(x: Json): string | undefined {
  return typeof x?.literal?.value === 'string' ? x.literal.value : undefined;
}

/**
 * COPY [INTO] x FROM y (`kind` true: into x) or COPY x TO y: each side is a table, a
 * query, or a location (a quoted path or a Snowflake @stage). Postgres `COPY t TO STDOUT`
 * names no location.
 */
function copy(body: Json, out: TableLineage, write: (ref: Json) => void): void {
  const into = body.kind !== false;
  const self = body.this;
  const selfLocation = literal(self);
  const files: Json[] = Array.isArray(body.files) ? body.files : [];
  const fileLocations = files.map(literal).filter((f): f is string => !!f);
  out.kind = 'insert';
  if (into) {
    if (selfLocation) out.locations.writes.push(selfLocation);
    else write(firstRef(self));
    out.locations.reads.push(...fileLocations);
  } else {
    // COPY t TO 'file': t is read (by the visit below), the file written
    out.locations.writes.push(...fileLocations);
  }
}

/** Snowflake `FROM @stage/path` inside a query: the staged files are read */
function stageReads(x: Json): string[] {
  const out: string[] = [];
  const walk = (y: Json) => {
    if (y == null || typeof y !== 'object') return;
    if (Array.isArray(y)) return y.forEach(walk);
    // the path under the stage names the files (as COPY INTO t FROM @stage/path does)
    if (typeof y.stage_reference?.name === 'string') out.push(y.stage_reference.name + (typeof y.stage_reference.path === 'string' ? y.stage_reference.path : ''));
    for (const k in y) if (k !== 'span') walk(y[k]);
  };
  walk(x);
  return out;
}

/**
 * Redshift's UNLOAD ('query') TO 's3://...' arrives as raw command text: its first string
 * is the query (quotes doubled inside), its second the location written.
 */
function unload(text: string, dialect: Dialect, out: TableLineage): void {
  const t = tokenize(text);
  if (t[0]?.upper !== 'UNLOAD') return;
  const strings = t.filter((x) => x.type === 'string');
  const toAt = t.findIndex((x) => x.upper === 'TO');
  const query = strings[0] && t.indexOf(strings[0]) < toAt ? strings[0].text.slice(1, -1).replace(/''/g, "'") : undefined;
  const location = t[toAt + 1]?.type === 'string' ? t[toAt + 1].text.slice(1, -1) : undefined;
  if (!query) return;
  const inner = statementTables(query, dialect);
  out.kind = 'insert';
  if (inner.ok) out.reads.push(...inner.reads);
  if (location) out.locations.writes.push(location);
}

/** the reads of the query that ends a statement kept as raw text (after its options, from the first SELECT, WITH or FROM) */
function commandQueryReads(text: string, dialect: Dialect, out: TableLineage): void {
  const t = tokenize(text);
  const q = t.find((x) => x.upper === 'SELECT' || x.upper === 'WITH' || x.upper === 'FROM');
  const inner = q ? statementTables(text.slice(q.start), dialect) : undefined;
  if (inner?.ok) {
    out.reads.push(...inner.reads);
    out.locations.reads.push(...inner.locations.reads);
  }
}

/**
 * Vertica moves partitions with functions called in a SELECT: SWAP_PARTITIONS_BETWEEN_TABLES
 * ('staging', min, max, 'target'), MOVE_PARTITIONS_TO_TABLE and COPY_PARTITIONS_TO_TABLE
 * ('source', min, max, 'target'). The documented roles are a source published into a target,
 * so the first table is read and the last written (a swap's staging side gets the old rows
 * back, which its callers drop).
 */
const PARTITION_MOVES = new Set(['swap_partitions_between_tables', 'move_partitions_to_table', 'copy_partitions_to_table']);
function partitionMove(body: Json, out: TableLineage): void {
  const items: Json[] = body?.from ? [] : (body?.expressions ?? []);
  const call = items.length === 1 ? items[0]?.function : undefined;
  if (!call || !PARTITION_MOVES.has(String(call.name).toLowerCase()) || call.args?.length !== 4) return;
  const [from, to] = [literal(call.args[0]), literal(call.args[3])];
  if (!from || !to) return;
  out.kind = 'insert';
  out.reads.push(from);
  out.writes.push(to);
}

/** every alias given to a FROM item, anywhere in the statement */
function collectAliases(x: Json, aliases: Set<string>): void {
  if (x == null || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const e of x) collectAliases(e, aliases);
    return;
  }
  if (isTableRef(x)) {
    const a = ident(x.alias);
    if (a) aliases.add(a.toLowerCase());
    // a backticked `proj.ds.t` is one identifier; `t` alone names it in `FROM ..., t.arr`
    const n = ident(x.name);
    if (n) aliases.add(n.toLowerCase().split('.').pop()!);
    collectAliases(x.hints, aliases);
    return;
  }
  for (const k in x) if (k !== 'span') collectAliases(x[k], aliases);
}

type OnRef = (ref: Json, ctes: Set<string>) => void;

/**
 * visit, knowing which CTE names are in scope at each TableRef: a CTE is seen by the CTEs
 * after it and by its query, by itself only under RECURSIVE, and never outside its WITH.
 * So `WITH t AS (SELECT * FROM t) SELECT * FROM t` reads the table t. With `skipUnused`, a
 * CTE that its statement never reads (directly or through a CTE it reads) reads nothing.
 */
function visitInScope(x: Json, scope: Set<string>, onRef: OnRef, skipUnused = false): void {
  if (x == null || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const e of x) visitInScope(e, scope, onRef, skipUnused);
    return;
  }
  if (isTableRef(x)) {
    onRef(x, scope);
    visitInScope(x.hints, scope, onRef, skipUnused);
    return;
  }
  // Snowflake SEMANTIC_VIEW(v METRICS .. DIMENSIONS ..) reads the semantic view v; the rest are its columns
  if (x.semantic_view) {
    const ref = pathRef(x.semantic_view.this);
    if (ref) onRef(ref, scope);
    return;
  }
  // the WITH hangs off its statement as `with`, `with_cte`, `with_: {with}` (or is the node itself)
  const withOf = (v: Json): Json => (Array.isArray(v?.ctes) ? v : Array.isArray(v?.with?.ctes) && Object.keys(v).length === 1 ? v.with : undefined);
  const withKey = Object.keys(x).find((k) => k !== 'ctes' && withOf(x[k]));
  const w = withKey ? withOf(x[withKey]) : Array.isArray(x.ctes) ? x : undefined;
  let inner = scope;
  // only where the WITH hangs off its statement is the statement's own query here to tell what it uses
  const cteReads = skipUnused && withKey ? new CteReads() : undefined;
  let body = onRef;
  if (w) {
    inner = new Set(scope);
    for (const c of w.ctes) {
      const n = ident(c?.alias)?.toLowerCase();
      if (n && w.recursive) inner.add(n);
      const held = cteReads && n ? cteReads.holder(n) : undefined;
      visitInScope(c, new Set(inner), held?.onRef ?? onRef, skipUnused);
      held?.defined();
      if (n) inner.add(n);
    }
    if (cteReads) body = cteReads.user(onRef);
  }
  for (const k in x) {
    if (k === 'span' || k === 'trailing_comments' || k === 'leading_comments' || k === 'ctes' || k === withKey) continue;
    visitInScope(x[k], inner, body, skipUnused);
  }
  cteReads?.flush(onRef);
}

/** one WITH's CTEs: the reads each holds back until the statement's query says it uses them */
class CteReads {
  private held: { refs: [Json, Set<string>][]; uses: Set<number> }[] = [];
  /** a name's latest definition: a second CTE of a name reads the first */
  private latest = new Map<string, number>();
  private used = new Set<number>();

  /** the reads of the next CTE, kept with the CTEs they refer to; `defined` once its body is read */
  holder(name: string): { onRef: OnRef; defined: () => void } {
    const entry = { refs: [] as [Json, Set<string>][], uses: new Set<number>() };
    const at = this.held.push(entry) - 1;
    const onRef: OnRef = (ref, ctes) => {
      entry.refs.push([ref, ctes]);
      this.note(ref, ctes, entry.uses);
    };
    return { onRef, defined: () => void this.latest.set(name, at) };
  }

  /** the statement's own query: what it reads is read, and the CTEs it names are used */
  user(onRef: OnRef): OnRef {
    return (ref, ctes) => {
      this.note(ref, ctes, this.used);
      onRef(ref, ctes);
    };
  }

  private note(ref: Json, ctes: Set<string>, into: Set<number>): void {
    const n = !ref.schema && !ref.catalog ? ident(ref.name)?.toLowerCase() : undefined;
    const at = n && ctes.has(n) ? this.latest.get(n) : undefined;
    if (at !== undefined) into.add(at);
  }

  /** passes on the reads of every CTE used, directly or through another */
  flush(onRef: OnRef): void {
    const todo = [...this.used];
    for (let at = todo.pop(); at !== undefined; at = todo.pop()) {
      for (const m of this.held[at].uses) if (!this.used.has(m)) todo.push(m), this.used.add(m);
    }
    this.held.forEach((e, at) => {
      if (this.used.has(at)) for (const [ref, ctes] of e.refs) onRef(ref, ctes);
    });
  }
}

/** a name the grammar read as a column path (`a`, `a.b`, `a.b.c`) as the TableRef it names */
function pathRef(x: Json): Json {
  const parts: string[] = [];
  const walk = (y: Json): boolean => {
    if (y?.column) {
      if (ident(y.column.table)) parts.push(ident(y.column.table)!);
      parts.push(ident(y.column.name)!);
      return !!ident(y.column.name);
    }
    if (y?.dot) return walk(y.dot.this) && !!parts.push(ident(y.dot.field)!) && !!ident(y.dot.field);
    return false;
  };
  if (!walk(x) || parts.length > 3) return undefined;
  const [name, schema, catalog] = parts.reverse().map((p) => ({ name: p }));
  return { name, schema, catalog, column_aliases: [] };
}

function firstRef(x: Json): Json {
  let found: Json;
  visit(x, (r) => (found ??= r));
  return found;
}

/** every TableRef below x, in order; the refs inside a column path or function name are not TableRefs */
function visit(x: Json, onRef: (ref: Json) => void): void {
  if (x == null || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const e of x) visit(e, onRef);
    return;
  }
  if (isTableRef(x)) {
    onRef(x);
    // DELETE ... USING (subquery) AS d arrives as a nameless TableRef holding the subquery
    visit(x.hints, onRef);
    return;
  }
  for (const k in x) if (k !== 'span' && k !== 'trailing_comments' && k !== 'leading_comments') visit(x[k], onRef);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
