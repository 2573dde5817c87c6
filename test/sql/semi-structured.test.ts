import { describe, expect, it } from 'vitest';
import { analyzeSql } from '../../enrichers/sql/analyze.js';

// Snowflake models from real dbt projects (FlipsideCrypto/near-models, brooklyn-data/dbt_artifacts
// rendered for Snowflake), cut to one line each: every one kept only its tables before,
// with no columns or grain, because node-sql-parser's grammar rejects the form.
const CASES: { sql: string; columns: string[]; lineage?: Record<string, string[]> }[] = [
  { sql: 'select id, cast(null as object) as owner, cast(null as array) as tags from db.t', columns: ['id', 'owner', 'tags'] },
  { sql: 'select id, payload::variant as v from db.t', columns: ['id', 'v'] },
  { sql: "select s.id, m.file_name from db.s s join table(information_schema.external_table_files(table_name => 'db.s')) m on m.file_name = s.f", columns: ['id', 'file_name'] },
  { sql: 'select id, actions[0]:receipt_id::string as first_receipt from db.t', columns: ['id', 'first_receipt'], lineage: { first_receipt: ['db.t.actions'] } },
  { sql: "select id, live.udf_api('POST', url) :data :result :: INT as block_id from db.t", columns: ['id', 'block_id'] },
  // near-models' streamline macro: METADATA$FILENAME is a Snowflake pseudo-column the grammar cannot lex
  { sql: 'select s.id, b.file_name from db.s s join db.meta b on b.file_name = metadata$filename and b.k = s.k', columns: ['id', 'file_name'] },
  { sql: 'select metadata$filename as f, metadata$file_row_number as n from db.s', columns: ['f', 'n'], lineage: { f: ['db.s.metadata_filename'] } },
  // a sized string type (madhurladdha/wbx_dbt casts every column `as text(255)`, some `::string(60)`)
  { sql: 'select id, code::string(60) as code, cast(substring(name, 1, 255) as text(255)) as name from db.t', columns: ['id', 'code', 'name'], lineage: { code: ['db.t.code'] } },
];

describe('Snowflake semi-structured syntax keeps the query shape', () => {
  it.each(CASES)('$sql', ({ sql, columns, lineage }) => {
    const r = analyzeSql(sql, { dialect: 'snowflake', file: 'm.sql' });
    expect(r.warnings.map((w) => w.code)).not.toContain('sql-shape-unparsed');
    const st = r.statements[0];
    expect(st.columns.map((c) => c.name)).toEqual(columns);
    for (const [name, from] of Object.entries(lineage ?? {})) expect(st.columns.find((c) => c.name === name)?.lineage).toEqual(from);
  });

  // mitodl/ol-data-platform's json_query_string macro on Trino: OMIT QUOTES lost the shape of ~20 models
  it('reads Trino json_query with its quote and wrapper clauses', () => {
    const sql = "select id, json_query(meta, 'lax $.a' omit quotes) as a, json_query(meta, 'lax $.b' without array wrapper) as b, json_query(meta, 'lax $.c' keep quotes on scalar string) as c from db.t";
    const r = analyzeSql(sql, { dialect: 'trino', file: 'm.sql' });
    expect(r.warnings.map((w) => w.code)).not.toContain('sql-shape-unparsed');
    expect(r.statements[0].columns.map((c) => c.name)).toEqual(['id', 'a', 'b', 'c']);
    expect(r.statements[0].columns.find((c) => c.name === 'a')?.lineage).toEqual(['db.t.meta']);
  });

  it('leaves a typed BigQuery ARRAY<...> cast as written', () => {
    const r = analyzeSql('select id, cast(a as array<string>) as x from db.t', { dialect: 'bigquery', file: 'm.sql' });
    expect(r.statements[0].columns.map((c) => c.name)).toEqual(['id', 'x']);
  });
});
