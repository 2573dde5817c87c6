import type { Warning } from '../../schemas/facts.js';
import { Deadline } from '../limits.js';
import { mapTableNames, qualifyNames } from './default-schema.js';
import { detectDialect } from './dialect.js';
import { splitStatements } from './split.js';
import { statementParts } from './statement-parts.js';
import { analyzeStatement } from './statement.js';
import { tokenize } from './tokens.js';
import type { AnalyzeOptions, SqlAnalysis, SqlStatementFacts } from './types.js';

/**
 * Analyzes a SQL script: each statement is parsed with the preferred dialect, then
 * its fallbacks, then read by the token scanner. After a USE / SET search_path,
 * unqualified table names are read in that schema. Never throws: what cannot be read
 * becomes a warning.
 */
export function analyzeSql(sql: string, opts: AnalyzeOptions): SqlAnalysis {
  const dialect = opts.dialect ?? detectDialect(opts.file, sql);
  const offset = opts.lineOffset ?? 0;
  const statements: SqlStatementFacts[] = [];
  const warnings: Warning[] = [];
  let anyParsed = false;
  let anyFailed = false;
  let schema: string | undefined;
  const deadline = new Deadline(opts.file, 'sqlFileMs');
  try {
    for (const stmt of splitStatements(sql, tokenize(sql))) {
      const at = { file: opts.file, line: stmt.line + offset };
      if (deadline.expired()) { // the statements read so far are kept
        warnings.push({ ...deadline.warning(), line: at.line });
        break;
      }
      try {
        const parts = statementParts(stmt.text, stmt.tokens, dialect, { jinja: false });
        for (const part of parts) {
          // the split statement itself keeps its offsets in the script; a rewritten part is its own text
          const whole = parts.length === 1 && part.tokens === stmt.tokens;
          const res = analyzeStatement(whole ? sql : part.text, whole ? stmt : { text: part.text, tokens: part.tokens, line: stmt.line, offset: 0 }, dialect, at);
          warnings.push(...res.warnings);
          schema = res.defaultSchema ?? schema;
          if (!res.facts) continue;
          const facts = part.restore ? mapTableNames(res.facts, part.restore) : res.facts;
          statements.push(schema ? qualifyNames(facts, schema) : facts);
          if (facts.parsed === false) anyFailed = true;
          else anyParsed = true;
        }
      } catch (e) {
        anyFailed = true;
        warnings.push({ file: opts.file, line: at.line, code: 'sql-analyzer-error', message: String((e as Error)?.message ?? e) });
      }
    }
  } catch (e) {
    warnings.push({ file: opts.file, line: offset + 1, code: 'sql-analyzer-error', message: String((e as Error)?.message ?? e) });
  }
  return { dialect, parsed: anyParsed || !anyFailed, statements, warnings };
}
