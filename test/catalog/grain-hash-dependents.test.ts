import { describe, expect, it } from 'vitest';
import { grains as grainsIn } from './grains.js';

const grains = (files: Record<string, string>) => grainsIn('ga4', files);

/**
 * Extract of Velir/dbt-ga4 (models/staging/stg_ga4__events.sql, trimmed): client_key hashes
 * user_pseudo_id and stream_id, session_key hashes client_key and session_id, and
 * session_partition_key concatenates session_key with the date; event_key is the event's own
 * surrogate key (so the events' key is finer than a session). A `select *` over the
 * base table passes the hashed inputs on unchanged.
 */
const events = {
  'models/stg_events.sql': `
    with base_events as (select * from {{ source('ga4', 'events') }}),
    include_client_key as (
      select *, to_base64(md5(concat(user_pseudo_id, stream_id))) as client_key from base_events
    ),
    include_session_key as (
      select *, to_base64(md5(CONCAT(client_key, CAST(session_id as STRING)))) as session_key from include_client_key
    )
    select *, CONCAT(session_key, CAST(event_date_dt as STRING)) as session_partition_key,
      to_base64(md5(CONCAT(client_key, CAST(session_id as STRING), event_name, CAST(event_timestamp as STRING)))) as event_key
    from include_session_key`,
};

/** A daily table grouping by the hashed keys and passing them on unchanged. */
const sessionsDaily = {
  'models/sessions_daily.sql': `
    select client_key, session_key, stream_id, session_partition_key, count(*) as n
    from {{ ref('stg_events') }} group by 1, 2, 3, 4`,
};

describe('a hashed key in a GROUP BY list determines its inputs', () => {
  it('a hash of a hash: session_key determines client_key and stream_id through an unchanged pass', async () => {
    // proves: fct_ga4__sessions' `group by client_key, session_key, stream_id` is one row per session_key,
    // read through a daily table that passes the three columns on unchanged
    const g = await grains({
      ...events,
      ...sessionsDaily,
      'models/sessions.sql': `
        select client_key, session_key, stream_id, sum(n) as n
        from {{ ref('sessions_daily') }} group by client_key, session_key, stream_id`,
    });
    expect(g['sessions']?.columns).toEqual(['session_key']);
    expect(g['sessions']?.confidence).toBeLessThan(0.9);
  });

  it('a concatenated key determines its inputs, less surely than a hash', async () => {
    // proves: session_partition_key = session_key || date makes session_key (and what it hashes) dependent
    const g = await grains({
      ...events,
      ...sessionsDaily,
    });
    expect(g['sessions_daily']?.columns).toEqual(['session_partition_key']);
    expect(g['sessions_daily']?.confidence).toBeLessThanOrEqual(0.75);
  });

  it('a key computed by a function that loses information determines nothing', async () => {
    // proves: lower() (like date_trunc, substr, arithmetic) can map two inputs to one key: both stay listed
    const g = await grains({
      // stg_users is keyed by id (declared), so the hash is no table key that would make email depend on it
      'models/stg_users.sql': `select *, md5(lower(email)) as user_key from {{ source('app', 'users') }}`,
      'models/schema.yml': `version: 2\nmodels:\n  - name: stg_users\n    columns:\n      - name: id\n        tests: [unique]\n`,
      'models/by_user.sql': `select user_key, email, count(*) as n from {{ ref('stg_users') }} group by user_key, email`,
    });
    expect(g['by_user']?.columns).toEqual(['user_key', 'email']);
  });
});

describe('a CASE between hashes is no surrogate key', () => {
  it('stg_ga4__events is not keyed by the page key a CASE hashes from the session', async () => {
    // proves: `case when .. then md5(concat(session_key, page_referrer)) else md5(concat(session_key, page_location)) end`
    // (dbt-ga4's page_engagement_key) is shared by a page's events: it is no key of the table
    const g = await grains({
      'models/stg_events.sql': `
        with sessions as (
          select *, to_base64(md5(concat(client_key, cast(session_id as string)))) as session_key from {{ source('ga4', 'events') }}
        ),
        keyed as (
          select *, to_base64(md5(concat(client_key, cast(session_id as string), cast(event_timestamp as string), event_name))) as event_key
          from sessions
        )
        select *, case when event_name = 'page_view' then to_base64(md5(concat(session_key, page_referrer)))
          else to_base64(md5(concat(session_key, page_location))) end as page_engagement_key
        from keyed`,
    });
    // (event_key and session_key then tie as hashes over a hash; which wins is order, not proven here)
    expect(g['stg_events']?.columns).not.toContain('page_engagement_key');
    expect(g['stg_events']?.columns).toHaveLength(1);
  });
});
