import { describe, expect, it } from 'vitest';
import { analyzeSql } from '../../enrichers/sql/analyze.js';
import { splitStatements } from '../../enrichers/sql/split.js';

describe('statement splitting', () => {
  it('splits on top-level semicolons only, with 1-based start lines', () => {
    const sql = [
      "-- header; not a split",
      "SELECT 'a;b' AS x FROM t1;", // line 2
      "/* block ;",
      "   comment */ SELECT $$ body ; $$ FROM t2;", // line 4
      "",
      "SELECT CASE WHEN a THEN 1 END FROM t3", // line 6
    ].join('\n');
    const parts = splitStatements(sql);
    expect(parts.map((p) => p.line)).toEqual([2, 4, 6]);
    expect(parts[0].text).toBe("SELECT 'a;b' AS x FROM t1");
  });

  it('splits the body of a BEGIN ... END scripting block', () => {
    const sql = 'BEGIN\n  CREATE TEMP TABLE a AS SELECT 1 AS x;\n  INSERT INTO b SELECT x FROM a;\nEND;\nSELECT 2';
    expect(splitStatements(sql).map((p) => p.line)).toEqual([2, 3, 5]);
  });

  it('reports statement lines with the embedding offset', () => {
    const a = analyzeSql('SELECT 1 FROM a;\n\nINSERT INTO b SELECT * FROM c', { file: 'dag.py', dialect: 'postgres', lineOffset: 10 });
    expect(a.statements.map((s) => s.line)).toEqual([11, 13]);
  });
});

describe('broken SQL', () => {
  it('falls back to the token scanner with a warning carrying file and line', () => {
    const sql = 'SELECT 1;\n\nCREATE TABLE mart.out AS\nWITH c AS (SELECT * FROM raw.a)\nSELECT FROM WHERE c JOIN raw.b ON';
    const a = analyzeSql(sql, { file: 'jobs/broken.sql', dialect: 'postgres' });
    const s = a.statements[1];
    expect(s.parsed).toBe(false);
    expect(s.target).toBe('mart.out');
    expect(s.sources.sort()).toEqual(['raw.a', 'raw.b']);
    expect(a.warnings).toHaveLength(1);
    expect(a.warnings[0]).toMatchObject({ file: 'jobs/broken.sql', line: 3, code: 'sql-parse-failed' });
  });

  it('Jinja leftovers warn and fall back instead of throwing', () => {
    const a = analyzeSql("INSERT INTO mart.x SELECT * FROM {{ ref('y') }} JOIN raw.z ON 1 = 1", { file: 'm.sql', dialect: 'snowflake' });
    expect(a.parsed).toBe(false);
    expect(a.statements[0]).toMatchObject({ target: 'mart.x', sources: ['raw.z'], parsed: false });
    expect(a.warnings.map((w) => w.code)).toEqual(['sql-jinja-leftover']);
  });

  it('the scanner skips FROM inside function calls and CTE names', () => {
    const a = analyzeSql('CREATE TABLE t AS WITH c AS (SELECT EXTRACT(year FROM d) y FROM raw.q) SELECT ??? FROM c, raw.w', { file: 'f.sql', dialect: 'postgres' });
    expect(a.statements[0].sources.sort()).toEqual(['raw.q', 'raw.w']);
  });

  it('garbage never throws', () => {
    for (const junk of ['', ';;;', "'unterminated", '((((', 'CREATE TABLE', 'MERGE INTO', '\u0000\u0001binary']) {
      expect(() => analyzeSql(junk, { file: 'j.sql' })).not.toThrow();
    }
  });
});
