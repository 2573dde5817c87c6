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
  if (!res.ok || !Array.isArray(res.ast.create_definitions)) {
    return { ...scanColumnList(tokens, list), parsed: false, error: res.ok ? 'no column list' : res.error };
  }
  const out: DdlFacts = { columns: [], grain: [], joins: [], parsed: true };
  const ev = { source: 'ddl' as const, confidence: DDL_CONFIDENCE, file: at.file, line: at.line };
  const fk = (cols: string[], ref: Node) => {
    const other = Array.isArray(ref?.table) ? fromItemTable(ref.table[0]) : undefined;
    const refCols = (ref?.definition ?? []).map(colName).filter(Boolean) as string[];
    if (other && refCols.length === cols.length) {
      out.joins.push({ ...ev, left: { table: target, columns: cols }, right: { table: other, columns: refCols } });
    }
  };
  for (const def of res.ast.create_definitions as Node[]) {
    if (def.resource === 'column') {
      const name = colName(def.column);
      if (!name) continue;
      out.columns.push({ name, type: typeText(def.definition), source: 'ddl' });
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

/**
 * When no grammar accepts the list (warehouse types such as VARIANT or STRUCT<...>),
 * each top-level comma-separated entry still starts with a column name and a type.
 */
function scanColumnList(tokens: Token[], list: TokenRange): Omit<DdlFacts, 'parsed'> {
  const columns: ColumnFact[] = [];
  let depth = 0;
  let entry: Token[] = [];
  const flush = () => {
    const [name, type] = entry;
    const constraint = /^(PRIMARY|FOREIGN|CONSTRAINT|UNIQUE|CHECK|KEY|INDEX)$/.test(name?.upper ?? '');
    if (name && !constraint && (name.type === 'word' || name.type === 'qident')) {
      columns.push({ name: normalizeName(name.text), type: type?.type === 'word' ? type.text.toLowerCase() : undefined, source: 'heuristic' });
    }
    entry = [];
  };
  for (let k = list.start + 1; k < list.end - 1; k++) {
    const tok = tokens[k];
    if (tok.text === '(' || tok.text === '<') depth++;
    else if (tok.text === ')' || tok.text === '>') depth--;
    if (depth === 0 && tok.text === ',') flush();
    else entry.push(tok);
  }
  flush();
  return { columns, grain: [], joins: [] };
}
