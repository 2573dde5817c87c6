/**
 * CREATE TABLE column lists: columns with types, PRIMARY KEY as grain, FOREIGN KEY /
 * REFERENCES as join edges. Only `CREATE TABLE name (...)` is given to the parser, so
 * warehouse decorations after the list (DISTKEY, USING DELTA, CLUSTER BY) never matter.
 */
import type { ColumnFact, GrainFact, JoinEdge } from '../../schemas/facts.js';
import { normalizeName } from '../names.js';
import { columnRef, fromItemTable, identText } from './ast.js';
import { GRAIN_CONFIDENCE } from './grain.js';
import { parseStatement, type Node } from './parse.js';
import type { TokenRange } from './head.js';
import type { Token } from './tokens.js';
import type { Dialect } from './types.js';

export interface DdlFacts {
  columns: ColumnFact[];
  grain: GrainFact[];
  joins: JoinEdge[];
  parsed: boolean;
  error?: string;
}

const DDL_CONFIDENCE = 0.95;

export function analyzeDdl(
  sql: string,
  tokens: Token[],
  list: TokenRange,
  target: string,
  dialect: Dialect,
  at: { file: string; line: number },
): DdlFacts {
  const text = `CREATE TABLE t ${sql.slice(tokens[list.start].start, tokens[list.end - 1].end)}`;
  const res = parseStatement(text, dialect);
  const ev = { source: 'ddl' as const, confidence: DDL_CONFIDENCE, file: at.file, line: at.line };
  if (res.ok && Array.isArray(res.ast.create_definitions)) return { ...readDefinitions(res.ast.create_definitions, target, ev), parsed: true };
  // A warehouse type no grammar knows (ARRAY<STRING>, VARIANT) must not cost the keys:
  // the table-level constraints parse on their own, next to a placeholder column.
  const entries = listEntries(tokens, list);
  const constraints = entries.filter((e) => CONSTRAINT_START.test(e[0]?.upper ?? ''));
  const keys = constraints.length ? parseStatement(`CREATE TABLE t (grainline_placeholder INT, ${constraints.map((e) => entryText(sql, e)).join(', ')})`, dialect) : undefined;
  const declared = keys?.ok && Array.isArray(keys.ast.create_definitions) ? readDefinitions(keys.ast.create_definitions, target, ev) : { grain: [], joins: [] };
  const columns = entries.map(scanColumn).filter((c): c is ColumnFact => !!c);
  return { columns, grain: declared.grain, joins: declared.joins, parsed: false, error: res.ok ? 'no column list' : res.error };
}

type Ev = Pick<GrainFact, 'source' | 'confidence' | 'file' | 'line'>;

function readDefinitions(defs: Node[], target: string, ev: Ev): Omit<DdlFacts, 'parsed'> {
  const out: Omit<DdlFacts, 'parsed'> = { columns: [], grain: [], joins: [] };
  const fk = (cols: string[], ref: Node) => {
    const other = Array.isArray(ref?.table) ? fromItemTable(ref.table[0]) : undefined;
    const refCols = (ref?.definition ?? []).map(colName).filter(Boolean) as string[];
    if (other && refCols.length === cols.length) {
      out.joins.push({ ...ev, left: { table: target, columns: cols }, right: { table: other, columns: refCols } });
    }
  };
  for (const def of defs) {
    if (def.resource === 'column') {
      const name = colName(def.column);
      if (!name || name === 'grainline_placeholder') continue;
      const description = commentText(def.comment);
      out.columns.push({ name, type: typeText(def.definition), ...(description ? { description } : {}), source: 'ddl' });
      if (def.primary_key || def.unique_or_primary === 'primary key') out.grain.push({ ...ev, columns: [name], detail: 'PRIMARY KEY' });
      if (def.reference_definition) fk([name], def.reference_definition);
    } else if (def.resource === 'constraint') {
      const cols = (def.definition ?? []).map(colName).filter(Boolean) as string[];
      const type = String(def.constraint_type ?? '').toLowerCase();
      if (type === 'primary key' && cols.length > 0) out.grain.push({ ...ev, columns: cols, detail: 'PRIMARY KEY' });
      if (type === 'foreign key') fk(cols, def.reference_definition);
    }
  }
  return out;
}

function colName(x: Node): string | undefined {
  return columnRef(x)?.column ?? identText(x)?.toLowerCase();
}

function typeText(def: Node): string | undefined {
  if (!def?.dataType) return undefined;
  const args = def.length !== undefined ? `(${def.length}${def.scale !== undefined ? `,${def.scale}` : ''})` : '';
  return `${def.dataType}${args}`.toLowerCase();
}

const CONSTRAINT_START = /^(PRIMARY|FOREIGN|CONSTRAINT|UNIQUE|CHECK|KEY|INDEX)$/;

/** The top-level comma-separated entries of a column list, without its parentheses. */
function listEntries(tokens: Token[], list: TokenRange): Token[][] {
  const entries: Token[][] = [];
  let depth = 0;
  let entry: Token[] = [];
  for (let k = list.start + 1; k < list.end - 1; k++) {
    const tok = tokens[k];
    if (tok.text === '(' || tok.text === '<') depth++;
    else if (tok.text === ')' || tok.text === '>') depth--;
    if (depth === 0 && tok.text === ',') {
      entries.push(entry);
      entry = [];
    } else entry.push(tok);
  }
  entries.push(entry);
  return entries.filter((e) => e.length > 0);
}

const entryText = (sql: string, entry: Token[]): string => sql.slice(entry[0].start, entry[entry.length - 1].end);

/** Each column entry starts with a name and a type, whatever the type's syntax. */
function scanColumn(entry: Token[]): ColumnFact | undefined {
  const [name, type] = entry;
  if (!name || CONSTRAINT_START.test(name.upper) || (name.type !== 'word' && name.type !== 'qident')) return undefined;
  const description = scannedComment(entry);
  return { name: normalizeName(name.text), type: type?.type === 'word' ? type.text.toLowerCase() : undefined, ...(description ? { description } : {}), source: 'heuristic' };
}

/** A column's documentation as DDL writes it: `COMMENT 'text'` (Snowflake, MySQL, Spark, Databricks). */
function commentText(comment: Node): string | undefined {
  const text = comment?.value?.value;
  // the grammar keeps the literal's doubled quotes
  return typeof text === 'string' && text.trim() ? text.replaceAll("''", "'").trim() : undefined;
}

/**
 * The same where the grammar gave up on the entry: `COMMENT 'text'`, or BigQuery's
 * `OPTIONS(description = "text")`. The token after the keyword is a string literal, so
 * its text is the literal with its quotes (BigQuery's double-quoted strings read as
 * quoted identifiers to a lexer that does not know the dialect).
 */
function scannedComment(entry: Token[]): string | undefined {
  for (let k = 1; k < entry.length - 1; k++) {
    const isComment = entry[k].upper === 'COMMENT';
    const isOption = entry[k].upper === 'DESCRIPTION' && entry[k + 1]?.text === '=';
    const literal = entry[isOption ? k + 2 : k + 1];
    if ((isComment || isOption) && (literal?.type === 'string' || (isOption && literal?.type === 'qident'))) return unquote(literal.text) || undefined;
  }
  return undefined;
}

function unquote(literal: string): string {
  const q = literal[0];
  return literal.slice(1, -1).replaceAll(q + q, q).replaceAll(`\\${q}`, q).trim();
}
