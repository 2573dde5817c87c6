/**
 * The query shape (grain, columns, joins) is read from node-sql-parser's AST only. Where
 * its grammars reject a dialect's syntax (`10 ^ x`, `x::real` in an expression, Postgres
 * `split_part` in some grammars, `WITH RECURSIVE` in others), polyglot-sql (sqlglot's port)
 * usually reads the query and can write the same query in another dialect's syntax,
 * which node-sql-parser then reads. Measured on the rendered practice dbt models
 * (docs/sql-parsers.md): of the models whose tables only polyglot read, Snowflake's
 * syntax recovers most shapes and Trino's the rest; no other target added one.
 */
import { transpile } from '@polyglot-sql/sdk';
import { fallbackOrder } from './dialect.js';
import { parseStatement, type ParseResult } from './parse.js';
import { POLYGLOT_DIALECT } from './tables.js';
import type { Dialect } from './types.js';

const TARGETS: Dialect[] = ['snowflake', 'trino'];

/** node-sql-parser's AST of the query as polyglot re-writes it, or undefined when no re-writing parses. */
export function parseTranspiled(sql: string, dialect: Dialect): ParseResult | undefined {
  for (const read of fallbackOrder(dialect)) {
    for (const target of TARGETS) {
      const out = safeTranspile(sql, read, target);
      if (out === undefined) continue;
      const res = parseStatement(out, target);
      if (res.ok) return res;
    }
  }
  return undefined;
}

function safeTranspile(sql: string, read: Dialect, write: Dialect): string | undefined {
  try {
    const res = transpile(sql, POLYGLOT_DIALECT[read] as never, POLYGLOT_DIALECT[write] as never) as { success?: boolean; sql?: string | string[] };
    if (!res?.success || res.sql === undefined) return undefined;
    const statements = Array.isArray(res.sql) ? res.sql : [res.sql];
    // one statement in, one out: anything else is not the same query
    return statements.length === 1 ? statements[0] : undefined;
  } catch {
    return undefined;
  }
}
