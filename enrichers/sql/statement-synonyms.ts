/**
 * Statements that mean a plain rename, insert or create but are spelled in a way no
 * grammar we ship reads, as the statement they mean (token checks only; undefined when
 * the statement is none of these):
 * - T-SQL `EXEC sp_rename 'schema.old', 'new'` renames a table within its schema (a third
 *   argument of COLUMN or INDEX renames something that holds no rows: nothing);
 * - Redshift `ALTER TABLE t APPEND FROM s` moves s's rows into t;
 * - Databricks pipeline declarations `CREATE [OR REFRESH] STREAMING|LIVE TABLE` and
 *   `.. MATERIALIZED VIEW` create what they name from their query, and `STREAM(s)` /
 *   `STREAM s` in a FROM reads the table s incrementally;
 * - Snowflake `CREATE STREAM st ON TABLE s` is a view of s's changed rows.
 */
import { readDottedName, type Token } from './tokens.js';

export function statementSynonym(text: string, t: Token[]): string | undefined {
  const base = t[0].start;
  const slice = (from: number, to?: number) => text.slice(from - base, to === undefined ? undefined : to - base);
  if (['EXEC', 'EXECUTE'].includes(t[0].upper)) return spRename(t);
  if (t[0].upper === 'ALTER' && t[1]?.upper === 'TABLE') {
    const target = readDottedName(t, 2);
    if (target && t[target.next]?.upper === 'APPEND' && t[target.next + 1]?.upper === 'FROM') {
      const source = readDottedName(t, target.next + 2);
      return source ? `INSERT INTO ${target.name} SELECT * FROM ${source.name}` : undefined;
    }
    return undefined;
  }
  if (t[0].upper !== 'CREATE') return undefined;
  const stream = changeStream(t);
  if (stream) return stream;
  let k = 1;
  if (t[1]?.upper === 'OR' && t[2]?.upper === 'REFRESH') k = 3;
  const pipelineKind = ['STREAMING', 'LIVE'].includes(t[k]?.upper ?? '') && t[k + 1]?.upper === 'TABLE';
  const refreshed = k === 3 && t[k]?.upper === 'MATERIALIZED';
  if (!pipelineKind && !refreshed) return undefined;
  let out = `CREATE ${pipelineKind ? 'TABLE' : ''}`;
  let last = pipelineKind ? t[k + 1].end : t[k].start;
  for (let i = k + 2; i < t.length; i++) {
    if (t[i].upper !== 'STREAM' || !['FROM', 'JOIN', ','].includes(t[i - 1].upper)) continue;
    // STREAM(s) or STREAM s: the table s
    const paren = t[i + 1]?.text === '(';
    const name = readDottedName(t, i + (paren ? 2 : 1));
    if (!name || (paren && t[name.next]?.text !== ')')) continue;
    const end = paren ? t[name.next].end : t[name.next - 1].end;
    out += slice(last, t[i].start) + name.name;
    last = end;
  }
  return out + slice(last);
}

/** Snowflake CREATE [OR REPLACE] STREAM [IF NOT EXISTS] st ON TABLE|VIEW s ..: reading st reads s's changed rows */
function changeStream(t: Token[]): string | undefined {
  let k = t[1]?.upper === 'OR' ? 3 : 1;
  if (t[k]?.upper !== 'STREAM') return undefined;
  k += t[k + 1]?.upper === 'IF' ? 4 : 1;
  const name = readDottedName(t, k);
  if (!name || t[name.next]?.upper !== 'ON' || !['TABLE', 'VIEW', 'EXTERNAL'].includes(t[name.next + 1]?.upper ?? '')) return undefined;
  const source = readDottedName(t, name.next + (t[name.next + 1].upper === 'EXTERNAL' ? 3 : 2));
  return source ? `CREATE VIEW ${name.name} AS SELECT * FROM ${source.name}` : undefined;
}

/** EXEC [dbo.]sp_rename [@objname =] 'schema.old', [@newname =] 'new' [, 'OBJECT'] */
function spRename(t: Token[]): string | undefined {
  const name = readDottedName(t, 1);
  if (!name || name.name.split('.').pop()!.toLowerCase() !== 'sp_rename') return undefined;
  // the arguments: string literals, maybe N'..' or named (@objname = '..')
  const args = t.slice(name.next).filter((x) => x.type === 'string').map((x) => x.text.slice(1, -1).replace(/''/g, "'"));
  const [from, to, kind] = args;
  if (!from || !to || (kind && kind.toUpperCase() !== 'OBJECT')) return undefined;
  const unbracket = (s: string) => s.replace(/[[\]"]/g, '');
  const parts = unbracket(from).split('.');
  // the new name is the object's name only; it stays in the old one's schema
  const target = [...parts.slice(0, -1), unbracket(to)].join('.');
  return `ALTER TABLE ${unbracket(from)} RENAME TO ${target}`;
}
