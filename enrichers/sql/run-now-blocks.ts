/**
 * Anonymous blocks run when the script does, so their statements are the script's own:
 * Snowflake `EXECUTE IMMEDIATE $$ ... $$` (read whole) and Postgres `DO [LANGUAGE x] $$
 * ... $$`. A function or procedure body runs later, when called, and is not read.
 * In a PL/pgSQL body only the statements that move rows are kept (INSERT, UPDATE,
 * DELETE, MERGE, CREATE, ALTER, DROP, WITH, COPY): `SELECT ... INTO variable`, IF,
 * LOOP and RAISE would read as a table written or a broken statement. The rest is
 * blanked with spaces, so line numbers stay those of the script.
 */
import { splitStatements } from './split.js';
import { tokenize, type Token } from './tokens.js';

const MOVES_ROWS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'ALTER', 'DROP', 'WITH', 'COPY']);

/** the block's body to read as a script, and the line it starts on */
export function runNowBody(t: Token[]): { text: string; line: number } | undefined {
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

function dollarTag(text: string): string | undefined {
  return /^\$[A-Za-z_]*\$/.exec(text)?.[0];
}

/** the body with everything but its row-moving statements blanked (newlines kept) */
function rowMovingStatements(body: string): string {
  const chars = body.replace(/[^\n]/g, ' ').split('');
  for (const stmt of splitStatements(body, tokenize(body))) {
    let k = 0;
    // `BEGIN INSERT ...` after DECLARE, or a nested BEGIN: the block opener is not the statement
    while (stmt.tokens[k]?.upper === 'BEGIN') k++;
    const first = stmt.tokens[k];
    if (!first || !MOVES_ROWS.has(first.upper)) continue;
    const end = stmt.tokens[stmt.tokens.length - 1].end;
    for (let i = first.start; i < end; i++) chars[i] = body[i];
    chars[end - 1] = body[end - 1] + ';';
  }
  return chars.join('');
}
