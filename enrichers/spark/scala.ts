import type { FileFacts, UpstreamFact, Warning } from '../../schemas/facts.js';
import { normalizeName } from '../names.js';
import { Deadline } from '../limits.js';
import { analyzeSnippet, dedupeUpstream, isUnresolved, type SqlResult, type TempTables } from '../python/embedded-sql.js';
import { TableFactSet } from '../python/table-facts.js';
import { UNRESOLVED } from '../python/values.js';
import { tokenizeScala, type ScalaToken } from './scala-tokens.js';

/** Without a Scala grammar, which DataFrame feeds which write is a guess: every read in the file. */
const GUESS = { source: 'heuristic' as const, confidence: 0.6 };
const WRITE_METHODS = new Set(['saveAsTable', 'insertInto']);
const TEMP_VIEW_METHODS = new Set(['createOrReplaceTempView', 'createTempView', 'createOrReplaceGlobalTempView', 'createGlobalTempView']);

/**
 * Scala Spark jobs: string arguments of `spark.sql`, `spark.table`, `spark.read.table`,
 * `.saveAsTable`, `.insertInto`, found with a small tokenizer that skips comments and
 * respects string syntax. SQL facts keep source 'sql'; a table written by
 * saveAsTable/insertInto gets every table the file read as a heuristic upstream, and
 * the grain of the file's query when there is exactly one query and one write.
 */
export function scalaSparkFileFacts(file: string, content: string): FileFacts {
  const warnings: Warning[] = [];
  const temps: TempTables = new Map();
  const tables = new TableFactSet();
  const joins: FileFacts['joins'] = [];
  const reads: UpstreamFact[] = [];
  const results: SqlResult[] = [];
  const writes: { name: string; line: number }[] = [];
  let tokens: ScalaToken[];
  try {
    tokens = tokenizeScala(content);
  } catch (e) {
    return { file, tables: [], joins: [], warnings: [{ file, code: 'scala-analyzer-error', message: String((e as Error)?.message ?? e) }] };
  }
  const constants = stringConstants(tokens);
  const name = (arg: Extract<ScalaToken, { kind: 'string' }>): string | undefined => {
    const text = interpolate(arg, constants).trim();
    if (text && !isUnresolved(text)) return normalizeName(text);
    warnings.push({ file, line: arg.line, code: 'unresolved-table-name', message: `table name is not a constant: ${arg.text.slice(0, 80)}` });
    return undefined;
  };

  const deadline = new Deadline(file, 'scalaFileMs');
  for (let k = 0; k + 2 < tokens.length; k++) {
    if (deadline.expired()) { // what was read so far is kept
      warnings.push(deadline.warning());
      break;
    }
    const [method, open, arg] = [tokens[k], tokens[k + 1], tokens[k + 2]];
    if (method.kind !== 'ident' || open.text !== '(' || arg.kind !== 'string' || tokens[k - 1]?.text !== '.') continue;
    if (method.text === 'sql') {
      const facts = analyzeSnippet({ sql: interpolate(arg, constants), file, line: arg.line, dialect: 'spark' }, temps);
      warnings.push(...facts.warnings);
      joins.push(...facts.joins);
      reads.push(...facts.reads);
      results.push(...facts.results);
      for (const w of facts.writes) tables.add({ name: w.table, kind: 'spark', defines: true, upstream: w.upstream, grain: w.grain, columns: w.columns });
    } else if (method.text === 'table' && !writerBefore(tokens, k)) {
      const table = name(arg);
      if (table) reads.push(...(temps.get(table) ?? [{ name: table, ...GUESS, file, line: arg.line }]));
    } else if (WRITE_METHODS.has(method.text)) {
      const table = name(arg);
      if (table) writes.push({ name: table, line: arg.line });
    } else if (TEMP_VIEW_METHODS.has(method.text)) {
      const view = name(arg);
      if (view) temps.set(view, dedupeUpstream([...reads]));
    }
  }
  const upstream = dedupeUpstream(reads).map((r) => ({ ...r, ...GUESS }));
  // One query and one write: the common job shape, where the query is what gets written.
  const only = results.length === 1 && writes.length === 1 ? results[0] : undefined;
  for (const w of writes)
    tables.add({
      name: w.name, kind: 'spark', defines: true, upstream: upstream.filter((u) => u.name !== w.name),
      grain: only?.grain.map((g) => ({ ...g, confidence: Math.min(g.confidence, GUESS.confidence) })) ?? [], columns: only?.columns ?? [],
    });
  return { file, tables: tables.list(), joins, warnings };
}

/** `df.write.mode(...).table(...)`-style chains are writes, not reads: look back along the chain for `write`. */
function writerBefore(tokens: ScalaToken[], k: number): boolean {
  let depth = 0;
  for (let j = k - 1; j >= 0; j--) {
    const t = tokens[j];
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && t.kind === 'ident' && (t.text === 'write' || t.text === 'writeStream')) return true;
    else if (depth === 0 && t.kind === 'punct' && t.text !== '.') return false;
    else if (depth === 0 && t.kind === 'ident' && tokens[j - 1]?.text !== '.') return false;
  }
  return false;
}

/** `val NAME = "literal"` anywhere in the file: what `$NAME` / `${NAME}` interpolate to. */
function stringConstants(tokens: ScalaToken[]): Map<string, string> {
  const constants = new Map<string, string>();
  for (let k = 0; k + 3 < tokens.length; k++) {
    const [kw, id, eq, value] = [tokens[k], tokens[k + 1], tokens[k + 2], tokens[k + 3]];
    if (kw.kind === 'ident' && kw.text === 'val' && id.kind === 'ident' && eq.text === '=' && value.kind === 'string' && !value.interpolator)
      constants.set(id.text, value.text);
  }
  return constants;
}

function interpolate(token: Extract<ScalaToken, { kind: 'string' }>, constants: Map<string, string>): string {
  const text = token.triple && token.text.includes('|') ? stripMargin(token.text) : token.text;
  if (token.interpolator !== 's' && token.interpolator !== 'f') return text;
  return text.replace(/\$\$|\$\{\s*([A-Za-z_][\w.]*)\s*\}|\$\{[^}]*\}|\$([A-Za-z_]\w*)/g, (m, braced?: string, bare?: string) => {
    if (m === '$$') return '$';
    const key = braced ?? bare;
    return (key && constants.get(key)) ?? UNRESOLVED;
  });
}

/** `"""|SELECT ...""".stripMargin` is the idiom for multi-line SQL; margins never matter to SQL. */
function stripMargin(text: string): string {
  return text.replace(/^[ \t]*\|/gm, '');
}
