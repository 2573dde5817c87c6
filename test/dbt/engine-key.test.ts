import { describe, expect, it } from 'vitest';
import { grainOf } from '../helpers/dbt-grain.js';
import { orderByColumns } from '../../enrichers/dbt/engine-key.js';

describe('ClickHouse engine keys and tuple-spelled unique_key (dbt-clickhouse)', () => {
  it("unique_key='(date)' names the column date, not '(date)'", async () => {
    // gnosischain/dbt-cerebro int_yields_ocsdai_share_price_daily: the tuple spelling kept its parentheses
    const g = await grainOf({
      'models/share_price_daily.sql': `{{ config(materialized='table', unique_key='(date)') }}
select date, share_price from {{ source('s', 'events') }}`,
    }, 'share_price_daily');
    expect(g?.columns).toEqual(['date']);
  });

  it('a ReplacingMergeTree is keyed by its order_by, below a declaration', async () => {
    // dbt-cerebro int_execution_gnosis_app_gt_user_dim: the engine merges rows of equal address; the SQL
    // (a join) gave no key, and the unique test on address agrees with the engine
    const g = await grainOf({
      'models/user_dim.sql': `{{ config(materialized='table', engine='ReplacingMergeTree()', order_by='(address)') }}
select u.address, a.avatar_type from {{ source('s', 'users') }} u left join {{ source('s', 'avatars') }} a on a.avatar_address = u.address`,
    }, 'user_dim');
    expect(g?.columns).toEqual(['address']);
    expect(g?.confidence).toBeGreaterThan(0.5);
    expect(g?.confidence).toBeLessThan(0.9);
  });

  it("a plain MergeTree's order_by is only a guess, and loses to what the SQL says", async () => {
    // dbt-cerebro fct_consensus_validators_explorer_members_table: sorted by (withdrawal_credentials,
    // validator_index) yet keyed by validator_index alone, so a sorting key is no more than a guess
    const guessed = await grainOf({
      'models/members.sql': `{{ config(materialized='table', engine='MergeTree()', order_by='(withdrawal_credentials, validator_index)') }}
select withdrawal_credentials, validator_index, status from {{ source('s', 'validators') }}`,
    }, 'members');
    expect(guessed?.columns).toEqual(['withdrawal_credentials', 'validator_index']);
    expect(guessed?.confidence).toBeLessThanOrEqual(0.35);
    // a table sorted by date alone, grouped by date and label: the GROUP BY decides
    const grouped = await grainOf({
      'models/income_daily.sql': `{{ config(materialized='table', engine='MergeTree()', order_by='(date)') }}
select date, label, sum(income) as income from {{ source('s', 'income') }} group by date, label`,
    }, 'income_daily');
    expect(grouped?.columns).toEqual(['date', 'label']);
  });

  it('an order_by with an expression names no columns', () => {
    // rows are unique on toDate(ts), which no column list states
    expect(orderByColumns('(toDate(ts), id)')).toBeUndefined();
    expect(orderByColumns('tuple()')).toBeUndefined();
    expect(orderByColumns(['block_number', 'log_index'])).toEqual(['block_number', 'log_index']);
    expect(orderByColumns('(block_number, transaction_index, log_index)')).toEqual(['block_number', 'transaction_index', 'log_index']);
  });
});
