import { describe, expect, it } from 'vitest';
import { analyzeSql } from '../../enrichers/sql/analyze.js';
import { detectDialect } from '../../enrichers/sql/dialect.js';
import { sorted, stmt } from './helpers.js';

// Extracts (shortened) of gnosischain/dbt-cerebro models on dbt-clickhouse, rendered: each is
// ClickHouse-only grammar that every other dialect rejected, so 12% of that repo's models were
// parse failures (no tables read) while it was read as Postgres.

describe('ClickHouse models', () => {
  it('is told from what only ClickHouse writes: join strictness, ARRAY JOIN, engines, camelCase functions', () => {
    const clickhouse: [string, string][] = [
      ['m.sql', 'select l.a from logs l any left join abi on l.x = abi.x'],
      ['m.sql', 'select r.a, x from reqs r array join r.items as x'],
      ['m.sql', 'select toStartOfMonth(block_timestamp) as m from blocks'],
      ['m.sql', 'create table t (a UInt64) engine = ReplacingMergeTree() order by a'],
      ['models/clickhouse/m.sql', 'select 1'],
    ];
    for (const [path, sql] of clickhouse) expect(detectDialect(path, sql)).toBe('clickhouse');
    // not ClickHouse: Postgres `= ANY (array)` before a join, BigQuery COUNTIF, a dbt dispatch call
    for (const sql of [
      'select a from t where a = any (b) left join u on t.a = u.a',
      'select countif(a > 1), to_date(b) from t',
      "select {{ adapter.dispatch('cents_to_dollars')('amount') }} from t",
    ]) expect(detectDialect('m.sql', sql)).not.toBe('clickhouse');
  });

  it('ANY LEFT JOIN reads both tables and keeps the query shape', () => {
    // int_execution_*_events: decoded logs joined to their ABI, one ABI row per log at most
    const s = stmt(
      `with logs_with_abi as (select l.tx_hash, l.log_index, l.topic0 from execution.logs l)
       select l.tx_hash, l.log_index, abi.event_name
       from logs_with_abi as l any left join contracts_abi abi on l.topic0 = abi.signature`,
      'clickhouse',
    );
    expect(sorted(s.sources)).toEqual(['contracts_abi', 'execution.logs']);
    expect(s.columns.map((c) => c.name)).toEqual(['tx_hash', 'log_index', 'event_name']);
  });

  it('FINAL after a table (merge on read) is read as the table', () => {
    const s = stmt('select tx_hash, amount from int_gpay_transfers t final where amount > 0', 'clickhouse');
    expect(s.sources).toEqual(['int_gpay_transfers']);
    expect(s.columns.map((c) => c.name)).toEqual(['tx_hash', 'amount']);
  });

  it('ARRAY JOIN and parametric aggregates (quantile(0.5)(x)) still give the tables read', () => {
    // fct_consensus_graffiti_cloud and int_consensus_validators_apy_dist_income_daily
    for (const sql of [
      `select label, graffiti from int_consensus_graffiti_daily array join ['7D','30D'] as label`,
      'select date, quantileTDigest(0.5)(balance / power(10, 9)) as q50 from int_consensus_validators_balances group by date',
    ]) {
      const a = analyzeSql(sql, { file: 'm.sql' });
      expect(a.dialect).toBe('clickhouse');
      expect(a.parsed).toBe(true);
      expect(a.warnings.filter((w) => w.code === 'sql-parse-failed')).toEqual([]);
      expect(a.statements[0].sources).toHaveLength(1);
    }
  });
});
