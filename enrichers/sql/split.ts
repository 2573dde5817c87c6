import { tokenize, type Token } from './tokens.js';

export interface StatementText {
  /** the statement, without its terminating semicolon */
  text: string;
  /** 1-based line of its first token within the script */
  line: number;
  /** offset of `text` within the script */
  offset: number;
  tokens: Token[];
}

/**
 * Splits a script on top-level semicolons. A scripting block (BEGIN ... END, as in
 * Snowflake and BigQuery scripts) is not one statement: its body is split again,
 * so the tables it writes are seen one statement at a time.
 */
export function splitStatements(sql: string, tokens: Token[] = tokenize(sql)): StatementText[] {
  const out: StatementText[] = [];
  let segStart = 0;
  let blockDepth = 0;
  let caseDepth = 0;
  const flush = (endTok: number) => {
    const toks = tokens.slice(segStart, endTok);
    segStart = endTok + 1;
    if (toks.length === 0) return;
    if (isBlock(toks)) {
      out.push(...splitBlock(sql, toks));
      return;
    }
    const first = toks[0];
    const last = toks[toks.length - 1];
    out.push({ text: sql.slice(first.start, last.end), line: first.line, offset: first.start, tokens: toks });
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'word') {
      if (t.upper === 'CASE') caseDepth++;
      else if (t.upper === 'BEGIN' && opensBlock(tokens, k, segStart)) blockDepth++;
      else if (t.upper === 'END') {
        const after = tokens[k + 1]?.upper;
        if (after === 'IF' || after === 'LOOP' || after === 'WHILE' || after === 'FOR' || after === 'REPEAT') continue;
        if (caseDepth > 0) caseDepth--;
        else if (blockDepth > 0) blockDepth--;
      } else if (t.upper === 'GO' && blockDepth === 0 && isBatchSeparator(tokens, k)) {
        // T-SQL's GO on a line of its own ends a batch, and so a statement (`GO 5` repeats it)
        flush(k);
        if (tokens[k + 1]?.type === 'number' && tokens[k + 1].line === t.line) segStart = ++k + 1;
      }
    } else if (t.type === 'punct' && t.text === ';' && blockDepth === 0) flush(k);
  }
  flush(tokens.length);
  return out;
}

/** `GO` alone on its line (optionally `GO 5`, a repeat count) */
function isBatchSeparator(tokens: Token[], k: number): boolean {
  const line = tokens[k].line;
  if (tokens[k - 1]?.line === line) return false;
  const next = tokens[k + 1];
  const after = next?.type === 'number' && next.line === line ? tokens[k + 2] : next;
  return !after || after.line !== line || after.text === ';';
}

/** BEGIN opens a block unless it starts a transaction (`BEGIN;`, `BEGIN TRANSACTION`) */
function opensBlock(tokens: Token[], k: number, segStart: number): boolean {
  const next = tokens[k + 1];
  if (!next || next.text === ';' || next.upper === 'TRANSACTION' || next.upper === 'WORK') return false;
  const prev = tokens[k - 1];
  // a block starts a statement, or follows a control keyword (THEN, ELSE, DO, AS for procedures)
  return k === segStart || prev?.text === ';' || ['THEN', 'ELSE', 'DO', 'AS', 'LOOP'].includes(prev?.upper ?? '');
}

function isBlock(toks: Token[]): boolean {
  return toks[0].upper === 'BEGIN' && toks[toks.length - 1].upper === 'END' && opensBlock(toks, 0, 0);
}

function splitBlock(sql: string, toks: Token[]): StatementText[] {
  const inner = toks.slice(1, -1);
  return splitStatements(sql, inner);
}
