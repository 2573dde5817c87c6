/**
 * Anonymous blocks run when the script does, so their statements are the script's own:
 * Snowflake `EXECUTE IMMEDIATE $$ ... $$` (read whole) and Postgres `DO [LANGUAGE x] $$
 * ... $$`. A SQL procedure's body is the lineage it moves each time it is called, so a
 * CREATE PROCEDURE is read as its body (a function's body returns values: not read), and
 * so is a Snowflake CREATE TASK, whose body is the statement its schedule runs.
 * In a PL/pgSQL body only the statements that move rows are kept (INSERT, UPDATE,
 * DELETE, MERGE, CREATE, ALTER, DROP, WITH, COPY): `SELECT ... INTO variable`, IF,
 * LOOP and RAISE would read as a table written or a broken statement. The rest is
 * blanked with spaces, so line numbers stay those of the script.
 */
import { splitStatements } from './split.js';
import { tokenize, type Token } from './tokens.js';

const MOVES_ROWS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'ALTER', 'DROP', 'WITH', 'COPY']);

/** the block's body to read as a script, and the line it starts on; `source` is the text the tokens index */
export function runNowBody(t: Token[], source?: string): { text: string; line: number } | undefined {
  if (t[0]?.upper === 'CREATE' && source !== undefined) return procedureBody(t, source);
  if (t[0]?.upper === 'EXECUTE' && t[1]?.upper === 'IMMEDIATE') {
    const s = t[2];
    if (s?.type !== 'string') return undefined;
    const tag = dollarTag(s.text);
    return { text: tag ? s.text.slice(tag.length, -tag.length) : s.text.slice(1, -1).replace(/''/g, "'"), line: s.line };
  }
  if (t[0]?.upper !== 'DO') return undefined;
  // DO [LANGUAGE plpgsql] $$ body $$ [LANGUAGE plpgsql]
  const s = t.find((x, i) => i > 0 && x.type === 'string' && dollarTag(x.text));
  if (!s) return undefined;
  const tag = dollarTag(s.text)!;
  return { text: rowMovingStatements(s.text.slice(tag.length, -tag.length)), line: s.line };
}

/**
 * CREATE [OR ALTER | OR REPLACE] PROC[EDURE] | TASK name [(params) | @params] ... AS body: the body
 * after the first AS outside parentheses that no `@param` owns (T-SQL `@p AS int`), either
 * a `$$ ... $$` string (unless the procedure's LANGUAGE is not SQL) or the rest of the text.
 * Its control flow (BEGIN/END, TRY/CATCH, IF) is blanked: the statements inside remain.
 */
function procedureBody(t: Token[], source: string): { text: string; line: number } | undefined {
  let k = 1;
  if (t[k]?.upper === 'OR') k += 2;
  if (!['PROCEDURE', 'PROC', 'TASK'].includes(t[k]?.upper ?? '')) return undefined;
  let depth = 0;
  let as = -1;
  for (let i = k + 2; i < t.length && as < 0; i++) {
    if (t[i].text === '(') depth++;
    else if (t[i].text === ')') depth--;
    else if (depth === 0 && t[i].upper === 'AS' && !t[i - 1].text.startsWith('@')) as = i;
  }
  if (as < 0 || as + 1 >= t.length) return undefined;
  const language = t.findIndex((x) => x.upper === 'LANGUAGE');
  if (language > 0 && !['SQL', 'PLPGSQL', 'TSQL'].includes(t[language + 1]?.upper ?? '')) return { text: '', line: t[0].line };
  const s = t[as + 1];
  const tag = s.type === 'string' ? dollarTag(s.text) : undefined;
  if (s.type === 'string' && !tag) return { text: '', line: t[0].line };
  const raw = tag ? s.text.slice(tag.length, -tag.length) : source.slice(0, t[t.length - 1].end).replace(/[^\n]/g, (c, i: number) => (i < s.start ? ' ' : c));
  return { text: rowMovingStatements(withoutControlFlow(raw), !tag), line: tag ? s.line : 1 };
}

/** BEGIN/END [TRY | CATCH | TRAN], IF/ELSE/WHILE heads: statement breaks, so the statements inside read alone */
function withoutControlFlow(body: string): string {
  const chars = body.split('');
  const blank = (x: Token, semicolon: boolean) => {
    for (let i = x.start; i < x.end; i++) chars[i] = ' ';
    if (semicolon) chars[x.start] = ';';
  };
  const t = tokenize(body);
  let cases = 0;
  for (let i = 0; i < t.length; i++) {
    const x = t[i];
    if (x.type !== 'word') continue;
    if (x.upper === 'CASE') cases++;
    else if (cases > 0) {
      if (x.upper === 'END') cases--;
    } else if (x.upper === 'BEGIN' || x.upper === 'END' || x.upper === 'ELSE') {
      blank(x, true);
      if (['TRY', 'CATCH', 'TRAN', 'TRANSACTION'].includes(t[i + 1]?.upper ?? '')) blank(t[++i], false);
    }
  }
  return chars.join('');
}

function dollarTag(text: string): string | undefined {
  return /^\$[A-Za-z_]*\$/.exec(text)?.[0];
}

/** the body with everything but its row-moving statements blanked (newlines kept); `selects` keeps SELECTs (a T-SQL body's result sets and SELECT .. INTO) */
function rowMovingStatements(body: string, selects = false): string {
  const chars = body.replace(/[^\n]/g, ' ').split('');
  for (const stmt of splitStatements(body, tokenize(body))) {
    let k = 0;
    // `BEGIN INSERT ...` after DECLARE, or a nested BEGIN: the block opener is not the statement
    while (stmt.tokens[k]?.upper === 'BEGIN') k++;
    const first = stmt.tokens[k];
    if (!first || !(MOVES_ROWS.has(first.upper) || (selects && first.upper === 'SELECT'))) continue;
    const end = stmt.tokens[stmt.tokens.length - 1].end;
    for (let i = first.start; i < end; i++) chars[i] = body[i];
    chars[end - 1] = body[end - 1] + ';';
  }
  return chars.join('');
}
