/**
 * The catalog (analyzeSql / sqlFileFacts) and `grainline lineage` read a statement through
 * the same parts (statement-parts.ts): a Hive multi-insert, `${var}` names, and the
 * spellings grammar-rewrites.ts turns into ones the grammar reads.
 */
import { describe, expect, it } from 'vitest';
import { sqlFileFacts } from '../../enrichers/sql/file-facts.js';
import { grammarRewrites } from '../../enrichers/sql/grammar-rewrites.js';
import { runNowBody } from '../../enrichers/sql/run-now-blocks.js';
import { scriptLineage } from '../../enrichers/sql/script-lineage.js';
import { tokenize } from '../../enrichers/sql/tokens.js';
import type { Dialect } from '../../enrichers/sql/types.js';

const upstream = (sql: string, dialect: Dialect = 'spark') =>
  Object.fromEntries(sqlFileFacts('job.sql', sql, { dialect }).tables.map((t) => [t.name, t.upstream.map((u) => u.name).sort()]));
const rewrite = (sql: string, dialect: Dialect) => grammarRewrites(sql, tokenize(sql), dialect);

describe('the catalog reads what lineage reads', () => {
  it('a Hive multi-insert defines each target, with the shared FROM as upstream and column lineage', () => {
    const sql = "FROM raw.events e\nINSERT OVERWRITE TABLE mart.clicks PARTITION (ds='1') SELECT e.id WHERE e.kind = 'c'\nINSERT INTO TABLE mart.views SELECT e.id";
    expect(upstream(sql)).toEqual({ 'mart.clicks': ['raw.events'], 'mart.views': ['raw.events'] });
    const facts = sqlFileFacts('job.sql', sql, { dialect: 'spark' });
    expect(facts.tables[0].columns.map((c) => c.lineage)).toEqual([['raw.events.id']]);
    expect(facts.warnings).toEqual([]);
  });

  it('${var} names parse and keep their placeholders, as `grainline lineage` reports them', () => {
    const sql = "INSERT OVERWRITE TABLE ${dst}.t PARTITION (ds='${ds}') SELECT a.id FROM ${src}.a a JOIN raw.b b ON a.id = b.id";
    expect(upstream(sql)).toEqual({ '${dst}.t': ['${src}.a', 'raw.b'] });
    const lineage = scriptLineage(sql, { dialect: 'spark' });
    expect([lineage.writes, lineage.reads]).toEqual([['${dst}.t'], ['${src}.a', 'raw.b']]);
  });

  it('a multi-insert after a WITH keeps the WITH in front of each insert', () => {
    expect(upstream('WITH e AS (SELECT * FROM raw.events)\nFROM e\nINSERT OVERWRITE TABLE mart.a SELECT id\nINSERT OVERWRITE TABLE mart.b SELECT id')).toEqual({
      'mart.a': ['raw.events'],
      'mart.b': ['raw.events'],
    });
  });
});

describe('grammar rewrites', () => {
  it('rewrites only the spellings no grammar reads', () => {
    expect(rewrite("INSERT INTO IDENTIFIER('mart.t') SELECT * FROM IDENTIFIER('raw.s')", 'snowflake')).toEqual(['INSERT INTO mart.t SELECT * FROM raw.s']);
    expect(rewrite('INSERT ds.t (a) SELECT a FROM ds.s', 'bigquery')).toEqual(['INSERT INTO ds.t (a) SELECT a FROM ds.s']);
    expect(rewrite('INSERT ds.t (a) SELECT a FROM ds.s', 'postgres')).toBeUndefined();
    expect(rewrite('SELECT * FROM db..t', 'tsql')).toEqual(['SELECT * FROM db.dbo.t']);
    expect(rewrite('SELECT * INTO TEMP TABLE t FROM s', 'postgres')).toEqual(['SELECT * INTO TEMP t FROM s']);
    expect(rewrite('INSERT INTO t SELECT * FROM s', 'spark')).toBeUndefined();
  });

  it('one LOAD DATA per file, and one RENAME per pair', () => {
    expect(rewrite("LOAD DATA OVERWRITE ds.t FROM FILES (format = 'CSV', uris = ['gs://b/1.csv', 'gs://b/2.csv'])", 'bigquery')).toEqual([
      "LOAD DATA INPATH 'gs://b/1.csv' OVERWRITE INTO TABLE ds.t",
      "LOAD DATA INPATH 'gs://b/2.csv' OVERWRITE INTO TABLE ds.t",
    ]);
    expect(rewrite("LOAD DATA LOCAL INFILE '/f.csv' REPLACE INTO TABLE db.t FIELDS TERMINATED BY ','", 'mysql')).toEqual(["LOAD DATA INPATH '/f.csv' INTO TABLE db.t"]);
    expect(rewrite('RENAME TABLE db.t TO db.t_old, db.t_new TO db.t', 'mysql')).toEqual(['ALTER TABLE db.t RENAME TO db.t_old', 'ALTER TABLE db.t_new RENAME TO db.t']);
  });
});

describe('blocks that run now', () => {
  it('a DO block keeps only its row-moving statements, on their own lines', () => {
    const sql = 'DO $$\nDECLARE n int;\nBEGIN\n  SELECT count(*) INTO n FROM raw.s;\n  INSERT INTO mart.t SELECT * FROM raw.s;\nEND\n$$';
    const body = runNowBody(tokenize(sql))!;
    expect(body.text.split('\n')[4].trim()).toBe('INSERT INTO mart.t SELECT * FROM raw.s;');
    expect(body.text).not.toContain('count');
    const res = scriptLineage(sql, { dialect: 'postgres' });
    expect(res.statements.map((s) => [s.line, s.writes, s.reads])).toEqual([[5, ['mart.t'], ['raw.s']]]);
  });

  it('`//` after a colon is a URL, not a Snowflake comment swallowing the statement end', () => {
    const res = scriptLineage('ADD JAR s3://b/udf.jar;\nINSERT INTO db.t SELECT * FROM db.s // a comment\n', { dialect: 'spark' });
    expect([res.writes, res.reads]).toEqual([['db.t'], ['db.s']]);
  });
});
