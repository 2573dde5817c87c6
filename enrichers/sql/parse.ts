import sqlParser from 'node-sql-parser';
import { fallbackOrder, parserDatabase } from './dialect.js';
import type { Dialect } from './types.js';

const parser = new sqlParser.Parser();

/** node-sql-parser's AST is loosely typed; we read it defensively through this alias. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;

export type ParseResult = { ok: true; ast: Node; dialect: Dialect } | { ok: false; error: string };

/**
 * Parses one statement with the preferred dialect's grammar, then the fallbacks.
 * Returns the first statement's AST; the error kept is the preferred grammar's,
 * which is the one a reader of the warning cares about.
 */
export function parseStatement(sql: string, dialect: Dialect): ParseResult {
  let firstError: string | undefined;
  const tried = new Set<string>();
  for (const d of fallbackOrder(dialect)) {
    const database = parserDatabase(d);
    if (tried.has(database)) continue;
    tried.add(database);
    try {
      const ast = parser.astify(sql, { database });
      const one = Array.isArray(ast) ? ast[0] : ast;
      if (one) {
        if (DQ_IDENT.has(d) && sql.includes('"')) quotedToColumns(one);
        return { ok: true, ast: one, dialect: d };
      }
    } catch (e) {
      firstError ??= shortError(e);
    }
  }
  return { ok: false, error: firstError ?? 'empty statement' };
}

/** pegjs messages list every expected token; the position and what was found is what helps */
function shortError(e: unknown): string {
  const err = e as { message?: string; location?: { start?: { line?: number; column?: number } }; found?: string };
  const where = err.location?.start ? ` at ${err.location.start.line}:${err.location.start.column}` : '';
  if (err.found !== undefined) return `unexpected ${JSON.stringify(err.found)}${where}`;
  return (err.message ?? String(e)).slice(0, 200) + where;
}

/** dialects where "x" is an identifier, though some grammars read it as a string */
const DQ_IDENT = new Set<Dialect>(['snowflake', 'postgres', 'redshift', 'duckdb', 'trino', 'tsql', 'clickhouse']);

function quotedToColumns(x: Node): void {
  // inside a column_ref a quoted string is the column's own name
  if (x == null || typeof x !== 'object' || x.type === 'column_ref') return;
  for (const k in x) {
    const v = x[k];
    if (v && typeof v === 'object') {
      if (v.type === 'double_quote_string' && typeof v.value === 'string') x[k] = { type: 'column_ref', table: null, column: v.value };
      else quotedToColumns(v);
    }
  }
}
