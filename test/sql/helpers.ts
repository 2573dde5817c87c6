import { analyzeSql } from '../../enrichers/sql/analyze.js';
import type { Dialect, SqlStatementFacts } from '../../enrichers/sql/types.js';

/** the only (or last) statement of a script, failing loudly when the analyzer warned */
export function stmt(sql: string, dialect: Dialect, index = -1): SqlStatementFacts {
  const a = analyzeSql(sql, { file: 'job.sql', dialect });
  if (a.warnings.length > 0) throw new Error(`unexpected warnings: ${JSON.stringify(a.warnings)}`);
  const s = a.statements.at(index);
  if (!s) throw new Error('no statement');
  return s;
}

export const sorted = (xs: string[]) => [...xs].sort();
export const grainCols = (s: SqlStatementFacts) => s.grain.map((g) => g.columns);
export const lineageOf = (s: SqlStatementFacts, col: string) => sorted(s.columns.find((c) => c.name === col)?.lineage ?? []);
export const joinPairs = (s: { joins: SqlStatementFacts['joins'] }) =>
  s.joins.map((j) => `${j.left.table}(${j.left.columns.join(',')})=${j.right.table}(${j.right.columns.join(',')})`);
