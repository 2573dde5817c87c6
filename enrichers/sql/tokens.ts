/**
 * A lexer only (no grammar): it finds where strings, quoted identifiers, comments,
 * dollar quotes and Jinja tags begin and end, so that the statement splitter, the
 * statement-head scanner and the fallback scanner never look inside them.
 */
export type TokenType = 'word' | 'qident' | 'string' | 'number' | 'punct' | 'jinja';

export interface Token {
  type: TokenType;
  /** raw text of the token */
  text: string;
  /** upper-cased text for words, raw otherwise: keyword comparisons stay cheap */
  upper: string;
  start: number;
  end: number;
  /** 1-based line of the token's first character */
  line: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = sql.length;
  const push = (type: TokenType, start: number, end: number, startLine: number) => {
    const text = sql.slice(start, end);
    out.push({ type, text, upper: type === 'word' ? text.toUpperCase() : text, start, end, line: startLine });
  };
  /** advance to `end`, counting newlines */
  const skipTo = (end: number) => {
    for (; i < end && i < n; i++) if (sql.charCodeAt(i) === 10) line++;
  };
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    const startLine = line;
    const start = i;
    if (ch === '\n') {
      line++;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') {
      i++;
    } else if ((ch === '-' && next === '-') || (ch === '/' && next === '/' && sql[i - 1] !== ':') || ch === '#') {
      // `//` is a Snowflake comment, but not in an unquoted URL (Hive's ADD JAR s3://b/x.jar)
      // '#' starts a comment in MySQL/BigQuery; `#tmp` table names are handled below
      if (ch === '#' && next !== undefined && WORD_START.test(next) && !isLineStartComment(sql, i)) {
        let j = i + 1;
        while (j < n && WORD_PART.test(sql[j])) j++;
        skipTo(j);
        push('word', start, j, startLine);
        continue;
      }
      const nl = sql.indexOf('\n', i);
      skipTo(nl < 0 ? n : nl);
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      skipTo(close < 0 ? n : close + 2);
    } else if (ch === '{' && (next === '{' || next === '%' || next === '#')) {
      const closer = next === '{' ? '}}' : next === '%' ? '%}' : '#}';
      const close = sql.indexOf(closer, i + 2);
      skipTo(close < 0 ? n : close + 2);
      push('jinja', start, i, startLine);
    } else if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '\\' && ch === "'") j += 2;
        else if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2; // doubled quote escapes itself
          else break;
        } else j++;
      }
      skipTo(Math.min(j + 1, n));
      push(ch === "'" ? 'string' : 'qident', start, i, startLine);
    } else if (ch === '$' && /[A-Za-z_$]/.test(next ?? '') && dollarTag(sql, i)) {
      const tag = dollarTag(sql, i)!;
      const close = sql.indexOf(tag, i + tag.length);
      skipTo(close < 0 ? n : close + tag.length);
      push('string', start, i, startLine);
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(next ?? ''))) {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(sql[j])) j++;
      skipTo(j);
      push('number', start, j, startLine);
    } else if (WORD_START.test(ch) || (ch === '@' && WORD_START.test(next ?? ''))) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j])) j++;
      skipTo(j);
      push('word', start, j, startLine);
    } else {
      const two = sql.slice(i, i + 2);
      const len = two === '::' || two === '<=' || two === '>=' || two === '<>' || two === '!=' || two === '||' || two === '=>' ? 2 : 1;
      skipTo(i + len);
      push('punct', start, i, startLine);
    }
  }
  return out;
}

/** `$$` or `$tag$` opening a Postgres dollar-quoted string, else null */
function dollarTag(sql: string, i: number): string | null {
  if (sql[i + 1] === '$') return '$$';
  const m = /^\$[A-Za-z_][A-Za-z0-9_]*\$/.exec(sql.slice(i, i + 64));
  return m ? m[0] : null;
}

/** a '#' as the first non-blank of its line is a comment, elsewhere `#name` is a temp table */
function isLineStartComment(sql: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = sql[j];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

/** index of the token closing the bracket opened at `open`, or tokens.length */
export function matchParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k].text;
    if (tokens[k].type !== 'punct') continue;
    if (t === '(') depth++;
    else if (t === ')' && --depth === 0) return k;
  }
  return tokens.length;
}

/** a dotted name starting at token k: `a . "b" . c`; returns its text and the next index */
export function readDottedName(tokens: Token[], k: number): { name: string; next: number } | null {
  const first = tokens[k];
  if (!first || (first.type !== 'word' && first.type !== 'qident')) return null;
  let name = first.text;
  let j = k + 1;
  while (tokens[j]?.text === '.' && (tokens[j + 1]?.type === 'word' || tokens[j + 1]?.type === 'qident')) {
    name += '.' + tokens[j + 1].text;
    j += 2;
  }
  return { name, next: j };
}
