import { PyDict, UNRESOLVED } from './values.js';

/**
 * Airflow templates SQL with Jinja. Rather than render it, each `{{ ... }}` becomes a
 * literal the SQL parser accepts where it stands: a word inside a string literal
 * ('{{ ds }}'), else `params.x` from the DAG/task params when known, else UNRESOLVED.
 * `{% ... %}` tags and `{# ... #}` comments are dropped, which keeps every branch of an
 * if/else: good enough to read the tables, never a renderer. Plain SQL repos template
 * the same way (bigquery-etl's `{{ header }}`, `{% if is_init() %}`), so their files come here too.
 */
export function neutralizeJinja(sql: string, params?: PyDict): string {
  let out = '';
  let quote: string | null = null;
  let i = 0;
  // closers known absent from here on: each unclosed `{%` looked to the end again (quadratic)
  const unclosed = new Set<string>();
  // where `out`'s last ';' is, and the last ';' after which a statement is known to have begun:
  // asking atStatementStart of the whole text at every `{{` was quadratic in a file without ';'
  let lastSemi = -1;
  let begun = -2;
  // `out` before this index, after its last ';', is known to be blank lines and comments only
  let quietTo = 0;
  const statementBegun = () => {
    if (begun === lastSemi) return true;
    const from = Math.max(lastSemi + 1, quietTo);
    const text = out.slice(from);
    if (!atStatementStart(text)) {
      begun = lastSemi;
      return true;
    }
    // whole lines so far were quiet, and so is a last line of only spaces
    const nl = text.lastIndexOf('\n') + 1;
    quietTo = from + (text.slice(nl).trim() === '' ? text.length : nl);
    return false;
  };
  const append = (text: string) => {
    if (text.includes(';')) lastSemi = out.length + text.lastIndexOf(';');
    out += text;
  };
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    const close = two === '{{' ? '}}' : two === '{%' ? '%}' : two === '{#' ? '#}' : undefined;
    if (close && !unclosed.has(close)) {
      const end = sql.indexOf(close, i + 2);
      if (end < 0) unclosed.add(close);
      else {
        // `{{ header }}` opening a statement includes text (a header, a comment); it is no value
        if (two === '{{' && (quote || statementBegun())) {
          append(quote === "'" ? 'jinja' : expressionValue(sql.slice(i + 2, end), params));
        }
        i = end + 2;
        continue;
      }
    }
    const ch = sql[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    append(ch);
    i++;
  }
  return out;
}

function expressionValue(expression: string, params?: PyDict): string {
  const param = /^\s*params\.(\w+)\s*$/.exec(expression) ?? /^\s*params\[\s*['"](\w+)['"]\s*\]\s*$/.exec(expression);
  const value = param && params ? params.get(param[1]) : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : UNRESOLVED;
}

/** Nothing but blank lines and line comments since the start or the last `;` (a `;` in a comment is rare enough). */
function atStatementStart(out: string): boolean {
  const lines = out.slice(out.lastIndexOf(';') + 1).split('\n').map((l) => l.trim());
  while (lines.length && (lines[lines.length - 1] === '' || /^(--|#)/.test(lines[lines.length - 1]))) lines.pop();
  return lines.length === 0;
}
