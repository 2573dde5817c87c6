import { describe, expect, it } from 'vitest';
import { grainCols, stmt } from './helpers.js';

// dbt-ga4's stg_ga4__sessions_traffic_sources (a few lines): first-touch attributes computed
// over the session's whole window, then DISTINCT with the session key
const sessions = (frame: string, fn = 'first_value') => `
  create table stg.sessions_traffic_sources as
  with session_source as (
    select session_key,
      coalesce(${fn}((case when event_source <> '(direct)' then event_source end) ignore nulls) over (session_window), '(direct)') as session_source,
      max(event_medium) over (partition by session_key) as session_medium
    from stg.events
    window session_window as (partition by session_key order by event_timestamp asc ${frame}))
  select distinct * from session_source`;

describe('SELECT DISTINCT beside window values fixed by their partition', () => {
  it('values the same on every row of a partition drop out of the DISTINCT key', () => {
    // proves: first_value over the whole partition and an unordered windowed max depend on session_key only
    const s = stmt(sessions('rows between unbounded preceding and unbounded following'), 'bigquery');
    expect(grainCols(s)[0]).toEqual(['session_key']);
    expect(s.grain[0].confidence).toBeLessThanOrEqual(0.8);
  });

  it('a running value (a frame that ends at the current row) still tells rows apart', () => {
    // proves: last_value over the default growing frame varies within the partition, so it stays in the key
    const s = stmt(sessions('', 'last_value'), 'bigquery');
    expect(grainCols(s)[0]).toEqual(['session_key', 'session_source']);
  });

  it('a window value whose partition column is not in the list stays', () => {
    // proves: the partition must be among the listed columns for the value to depend on them
    const s = stmt(
      `create table t as
       with w as (select user_id, first_value(page) over (partition by session_key order by ts) as first_page from raw.hits)
       select distinct user_id, first_page from w`,
      'duckdb',
    );
    expect(grainCols(s)[0]).toEqual(['user_id', 'first_page']);
  });
});

describe('a key that holds a smaller key', () => {
  it('a GROUP BY list carried beside a QUALIFY key inside it is not the grain', () => {
    // proves: dbt-ga4's stg_ga4__user_id_mapping groups by (user_id, client_key) and keeps the
    // latest row per client_key (there with QUALIFY); both are keys, and the smaller one is the grain
    const s = stmt(
      `create table stg.user_id_mapping as
       with seen as (select user_id, client_key, max(event_timestamp) as last_seen from stg.events group by 1, 2),
       ranked as (select user_id as last_seen_user_id, client_key, last_seen,
                  row_number() over (partition by client_key order by last_seen desc) as rn from seen),
       latest as (select last_seen_user_id, client_key, last_seen from ranked where rn = 1)
       select * from latest`,
      'bigquery',
    );
    expect(grainCols(s)).toEqual([['client_key']]);
  });
});

describe('a listed column computed from other listed columns', () => {
  it('drops out of the GROUP BY key, also when it reads a window value the key fixes', () => {
    // proves: dbt-ga4's stg_ga4__sessions_traffic_sources_daily groups by the session key, a
    // first-touch source fixed by it and `if(source <> '(direct)', key, null)` computed from both
    const s = stmt(
      `create table stg.daily as
       with firsts as (
         select session_key, event_ts,
           first_value(event_source) over (partition by session_key order by event_ts) as session_source
         from stg.events),
       flagged as (select *, if(session_source <> '(direct)', session_key, null) as non_direct_key from firsts)
       select session_key, session_source, non_direct_key, min(event_ts) as started_at
       from flagged group by 1, 2, 3`,
      'bigquery',
    );
    expect(grainCols(s)[0]).toEqual(['session_key']);
  });

  it('a hash of listed columns stays: it is the key the inputs fold into', () => {
    // proves: md5 of listed columns is not dropped as computed from them
    const s = stmt(
      `create table t as select distinct md5(a || b) as ab_key, a, b from raw.x`,
      'duckdb',
    );
    expect(grainCols(s).some((g) => g.includes('ab_key'))).toBe(true);
  });
});
