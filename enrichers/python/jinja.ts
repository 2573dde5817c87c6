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
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    const close = two === '{{' ? '}}' : two === '{%' ? '%}' : two === '{#' ? '#}' : undefined;
    if (close) {
      const end = sql.indexOf(close, i + 2);
      if (end >= 0) {
        // `{{ header }}` opening a statement includes text (a header, a comment); it is no value
        if (two === '{{' && (quote || !atStatementStart(out))) {
          out += quote === "'" ? 'jinja' : expressionValue(sql.slice(i + 2, end), params);
        }
        i = end + 2;
        continue;
      }
    }
    const ch = sql[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    out += ch;
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
