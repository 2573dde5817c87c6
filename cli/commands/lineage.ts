import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';
import type { ScriptLineage } from '../../enrichers/sql/script-lineage.js';
import type { Dialect } from '../../enrichers/sql/types.js';

const DIALECTS: Dialect[] = ['bigquery', 'snowflake', 'spark', 'postgres', 'redshift', 'duckdb', 'mysql', 'trino', 'tsql', 'clickhouse'];
/** other tools' names for the same grammars, so a dialect name copied from them works */
const ALIASES: Record<string, Dialect> = {
  hive: 'spark',
  sparksql: 'spark',
  databricks: 'spark',
  athena: 'trino',
  presto: 'trino',
  mssql: 'tsql',
  sqlserver: 'tsql',
  postgresql: 'postgres',
  ansi: 'postgres',
};

export function registerLineage(program: Command): void {
  program
    .command('lineage')
    .description('the tables a SQL statement or script writes and reads, and column lineage where known')
    .argument('[file]', "SQL file, or '-' (the default) for standard input")
    .option('--dialect <d>', `one of ${DIALECTS.join(', ')} (or ${Object.keys(ALIASES).join(', ')}; default: guessed from the path and the SQL)`)
    .option('--json', 'JSON output', false)
    .action(async (file: string | undefined, o: { dialect?: string; json: boolean }) => {
      const dialect = o.dialect ? (ALIASES[o.dialect.toLowerCase()] ?? o.dialect.toLowerCase()) : undefined;
      if (dialect && !DIALECTS.includes(dialect as Dialect)) throw new UserError(`--dialect takes one of ${DIALECTS.join(', ')}, not '${o.dialect}'`);
      const path = file && file !== '-' ? file : undefined;
      let sql: string;
      try {
        sql = readFileSync(path ?? 0, 'utf8');
      } catch (e) {
        throw new UserError(`cannot read ${path ?? 'standard input'}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      // loaded here, not at the top: the SQL parsers take most of a second to load, and every other command starts without them
      const { scriptLineage } = await import('../../enrichers/sql/script-lineage.js');
      const res = scriptLineage(sql, { file: path, dialect: dialect as Dialect | undefined });
      if (o.json) console.log(JSON.stringify({ statements: res.statements, writes: res.writes, reads: res.reads }));
      else console.log(summary(res));
    });
}

function summary(res: ScriptLineage): string {
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : '-');
  const lines = res.statements.map((s, i) => {
    const out = [`statement ${i + 1} (line ${s.line}): writes ${list(s.writes)}; reads ${list(s.reads)}`];
    for (const c of s.columns) out.push(`  ${c.column} <- ${c.from.map((f) => `${f.table}.${f.column}`).join(', ')}`);
    if (s.error) out.push(`  error: ${s.error}`);
    return out.join('\n');
  });
  lines.push(`script (${res.dialect}, temp tables and CTEs seen through): writes ${list(res.writes)}; reads ${list(res.reads)}`);
  return lines.join('\n');
}
