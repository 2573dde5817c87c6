import { normalizeName } from '../names.js';

/**
 * Comments removed, code kept. SQL `--` and block comments, Jinja `{# #}`, and `#`
 * comments in Python/shell/YAML. String literals stay: Spark and dbt name their
 * tables inside strings (`spark.table("db.t")`, `ref('t')`).
 */
export function stripComments(text: string, path: string): string {
  let out = text.replace(/\{#[\s\S]*?#\}/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  out = out.replace(/--[^\n]*/g, ' ');
  if (/\.(py|sh|ya?ml)$/i.test(path)) out = out.replace(/(^|\s)#[^\n]*/g, '$1');
  if (/\.py$/i.test(path)) out = out.replace(/^\s*("""|''')[\s\S]*?\1/gm, ' ');
  return out;
}

const NAME = '[`"\\[]?[\\w$]+[`"\\]]?(?:\\s*\\.\\s*[`"\\[]?[\\w$-]+[`"\\]]?){0,3}';
const READ_PATTERNS: RegExp[] = [
  new RegExp(`\\b(?:from|join)\\s+(${NAME})`, 'gi'),
  /\bref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?(?:,[^)]*)?\)/gi,
  /\bsource\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/gi,
  /\.(?:table|load|saveAsTable|insertInto)\(\s*[rf]?['"]([^'"]+)['"]/gi,
];

/**
 * Table names the code *reads or names as a table* outside comments: FROM/JOIN
 * targets, dbt ref()/source(), Spark table calls. Normalized (see enrichers/names.ts).
 */
export function readMentions(text: string, path: string): string[] {
  const code = stripComments(text, path);
  const found = new Set<string>();
  for (const pattern of READ_PATTERNS) {
    for (const m of code.matchAll(pattern)) {
      if (pattern.source.startsWith('\\bref')) found.add(normalizeName(m[2] ?? m[1]));
      else if (pattern.source.startsWith('\\bsource')) found.add(normalizeName(`${m[1]}.${m[2]}`));
      else found.add(normalizeName(m[1]));
    }
  }
  return [...found].filter((n) => n.length > 0);
}
