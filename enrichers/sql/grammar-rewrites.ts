/**
 * Statements whose meaning is plain but whose spelling no grammar we ship reads, each
 * rewritten as the statement(s) it means in a spelling polyglot-sql does read. Token
 * checks only: a statement that matches none comes back undefined, untouched.
 * - Snowflake `IDENTIFIER('db.t')` names table db.t;
 * - BigQuery `INSERT t ...` is `INSERT INTO t ...`;
 * - T-SQL `db..t` is table t in db's default schema, dbo;
 * - MySQL `LOAD DATA INFILE 'f' INTO TABLE t` and BigQuery `LOAD DATA INTO|OVERWRITE t
 *   FROM FILES (uris = [...])` load files into t, as Hive's `LOAD DATA INPATH` does;
 * - MySQL `RENAME TABLE a TO b, c TO d` is one ALTER TABLE ... RENAME per pair;
 * - Postgres `SELECT ... INTO [TEMP] TABLE t` is `SELECT ... INTO [TEMP] t`;
 * - Spark `CREATE GLOBAL TEMPORARY VIEW v` is a temporary view (read as global_temp.v);
 * - `WITH a AS (...) INSERT ... SELECT` is `INSERT ... WITH a AS (...) SELECT` (multi-insert.ts);
 * - `CREATE TABLE t LIKE s <options>`: the options after s say nothing about lineage;
 * - Postgres/Teradata `CREATE .. AS SELECT .. WITH [NO] DATA` says whether the rows are filled
 *   now, not where they come from: the query is read without it;
 * - sp_rename, Redshift APPEND FROM and Databricks pipeline declarations (statement-synonyms.ts).
 */
import { afterCtes, withBeforeSelect } from './multi-insert.js';
import { statementSynonym } from './statement-synonyms.js';
import { matchParen, readDottedName, type Token } from './tokens.js';
import type { Dialect } from './types.js';

export function grammarRewrites(text: string, tokens: Token[], dialect: Dialect): string[] | undefined {
  const t = tokens;
  if (t.length === 0) return undefined;
  const base = t[0].start;
  const src = (k: number) => text.slice(t[k].start - base, t[k].end - base);
  if (t[0].upper === 'LOAD' && t[1]?.upper === 'DATA') return loadData(t);
  if (t[0].upper === 'RENAME' && t[1]?.upper === 'TABLE') return renameTables(t);
  const synonym = statementSynonym(text, t);
  if (synonym) return [synonym];
  const afterWith = afterCtes(t);
  if (afterWith !== undefined && t[afterWith]?.upper === 'INSERT') {
    const moved = withBeforeSelect(text.slice(t[afterWith].start - base), text.slice(0, t[afterWith - 1].end - base));
    return moved ? [moved] : undefined;
  }
  const n = t.length;
  const withData = t[n - 1].upper === 'DATA' ? (t[n - 2]?.upper === 'NO' ? n - 3 : n - 2) : -1;
  if (t[0].upper === 'CREATE' && withData > 2 && t[withData].upper === 'WITH' && t[withData - 1].text !== '(') return [text.slice(0, t[withData - 1].end - base)];
  const like = t[0].upper === 'CREATE' ? t.findIndex((x) => x.upper === 'LIKE') : -1;
  if (like > 0 && !t.slice(0, like).some((x) => x.text === '(' || x.upper === 'AS')) {
    const name = readDottedName(t, like + 1);
    if (name && name.next < t.length) return [text.slice(0, t[name.next - 1].end - base)];
  }
  // rebuilt from tokens with the spaces between them kept; only the pieces below change
  let changed = false;
  let out = '';
  let last = base;
  const put = (from: number, to: number, s: string) => {
    out += text.slice(last - base, from - base) + s;
    last = to;
    changed = true;
  };
  if (dialect === 'bigquery' && t[0].upper === 'INSERT' && t[1] && !['INTO', 'OVERWRITE', 'TABLE', 'ALL', 'FIRST', 'IGNORE'].includes(t[1].upper)) put(t[1].start, t[1].start, 'INTO ');
  for (let k = 0; k < t.length; k++) {
    if (t[k].upper === 'IDENTIFIER' && t[k + 1]?.text === '(' && t[k + 2]?.type === 'string' && t[k + 3]?.text === ')') {
      put(t[k].start, t[k + 3].end, src(k + 2).slice(1, -1));
      k += 3;
    } else if (t[k].upper === 'TABLE' && k > 1 && (t[k - 1].upper === 'INTO' || (['TEMP', 'TEMPORARY', 'UNLOGGED'].includes(t[k - 1].upper) && t[k - 2]?.upper === 'INTO')) && t.some((x, i) => i < k && x.upper === 'SELECT')) {
      put(t[k].start, t[k + 1]?.start ?? t[k].end, '');
    } else if (t[0].upper === 'CREATE' && k <= 3 && t[k].upper === 'GLOBAL' && ['TEMP', 'TEMPORARY'].includes(t[k + 1]?.upper ?? '')) {
      put(t[k].start, t[k + 1].start, '');
    } else if (dialect === 'tsql' && t[k].text === '.' && t[k + 1]?.text === '.' && t[k + 1].start === t[k].end && k > 0 && t[k + 2]?.type !== 'punct') {
      put(t[k].start, t[k + 1].end, '.dbo.');
      k += 1;
    }
  }
  return changed ? [out + text.slice(last - base)] : undefined;
}

/** LOAD DATA ... as `LOAD DATA INPATH 'file' [OVERWRITE] INTO TABLE t`, one per file */
function loadData(t: Token[]): string[] | undefined {
  let k = 2;
  if (t[k]?.upper === 'LOCAL') k++;
  if (t[k]?.upper === 'INFILE' && t[k + 1]?.type === 'string') {
    const file = t[k + 1].text;
    const into = t.findIndex((x, i) => i > k && x.upper === 'INTO');
    if (t[into + 1]?.upper !== 'TABLE') return undefined;
    const name = readDottedName(t, into + 2);
    return name ? [`LOAD DATA INPATH ${file} INTO TABLE ${name.name}`] : undefined;
  }
  // BigQuery: LOAD DATA {INTO | OVERWRITE} t [(columns)] ... FROM FILES (..., uris = ['...', ...])
  if (t[k]?.upper !== 'INTO' && t[k]?.upper !== 'OVERWRITE') return undefined;
  const overwrite = t[k].upper === 'OVERWRITE';
  const name = readDottedName(t, k + 1);
  const files = t.findIndex((x, i) => i > k && x.upper === 'FILES' && t[i - 1]?.upper === 'FROM');
  if (!name || files < 0 || t[files + 1]?.text !== '(') return undefined;
  const uris: string[] = [];
  const close = matchParen(t, files + 1);
  const at = t.findIndex((x, i) => i > files && i < close && x.upper === 'URIS');
  // uris = ['gs://a', 'gs://b'] or uris = 'gs://a'
  for (let j = at + 2; at > 0 && j < close && t[j].text !== ']'; j++) {
    if (t[j].type === 'string') uris.push(t[j].text);
    if (t[j].text !== '[' && t[j + 1]?.text !== ',' && t[j].type === 'string' && t[at + 2].text !== '[') break;
  }
  return uris.length ? uris.map((u) => `LOAD DATA INPATH ${u} ${overwrite ? 'OVERWRITE ' : ''}INTO TABLE ${name.name}`) : undefined;
}

/** RENAME TABLE a TO b [, c TO d ...] */
function renameTables(t: Token[]): string[] | undefined {
  const out: string[] = [];
  let k = 2;
  while (k < t.length) {
    const from = readDottedName(t, k);
    if (!from || t[from.next]?.upper !== 'TO') return undefined;
    const to = readDottedName(t, from.next + 1);
    if (!to) return undefined;
    out.push(`ALTER TABLE ${from.name} RENAME TO ${to.name}`);
    k = to.next;
    if (t[k]?.text === ',') k++;
    else break;
  }
  return out.length ? out : undefined;
}
