import { describe, expect, it } from 'vitest';
import { grains as grainsIn } from './grains.js';

const grains = (files: Record<string, string>) => grainsIn('reports', files);

// Shapes of the Fivetran app reports (spider2-dbt google_play001, apple_store001): per-metric
// inputs merged on (source_relation, date_day, app) by FULL OUTER JOIN ... coalesce, or a
// DISTINCT spine of the key LEFT JOINed to each input on the whole key. Cut to a few columns.
describe('keys carried through joins on the whole key', () => {
  it('FULL OUTER JOIN of keyed inputs on their common key, coalesced: that key', async () => {
    // proves: a merge of two GROUP BY inputs on every key column keeps one row per key value
    const g = await grains({
      'models/installs.sql': `select source_relation, date_day, package_name, device, sum(n) as installs from {{ source('gp', 'installs') }} group by 1, 2, 3, 4`,
      'models/crashes.sql': `select source_relation, date_day, package_name, device, sum(n) as crashes from {{ source('gp', 'crashes') }} group by 1, 2, 3, 4`,
      'models/overview.sql': `with joined as (
          select coalesce(i.source_relation, c.source_relation) as source_relation,
                 coalesce(i.date_day, c.date_day) as date_day,
                 coalesce(i.package_name, c.package_name) as package_name,
                 coalesce(i.device, c.device) as device,
                 coalesce(i.installs, 0) as installs, c.crashes
          from {{ ref('installs') }} as i
          full outer join {{ ref('crashes') }} as c
            on i.date_day = c.date_day and i.source_relation = c.source_relation and i.package_name = c.package_name
            and coalesce(i.device, 'null_device') = coalesce(c.device, 'null_device'))
        select *, sum(installs) over (partition by source_relation, package_name order by date_day) as total_installs from joined`,
    });
    // the null-safe spelling (coalesce(x, 'null_device') on both sides) binds device too
    expect(g['overview']?.columns.sort()).toEqual(['date_day', 'device', 'package_name', 'source_relation']);
    expect(g['overview']?.confidence).toBeLessThanOrEqual(0.8);
  });

  it('a merge whose inputs are raw tables of unknown grain: the key, at the same-grain cap', async () => {
    // proves: when neither side's grain is known, a merge on several key columns is taken as same-grain, below 0.7
    const g = await grains({
      'models/overview.sql': `select coalesce(i.date_day, c.date_day) as date_day, coalesce(i.app_id, c.app_id) as app_id, i.installs, c.crashes
        from {{ source('gp', 'installs') }} i full outer join {{ source('gp', 'crashes') }} c on i.date_day = c.date_day and i.app_id = c.app_id`,
    });
    expect(g['overview']?.columns.sort()).toEqual(['app_id', 'date_day']);
    expect(g['overview']?.confidence).toBeLessThanOrEqual(0.6);
  });

  it('a merge that outputs one side\'s key, or joins on part of it, gives no key', async () => {
    // proves: i.date_day is null where only c has the day; a join on part of the key may fan out
    const g = await grains({
      'models/one_side.sql': `select i.date_day, i.app_id, c.crashes from {{ source('gp', 'installs') }} i full outer join {{ source('gp', 'crashes') }} c on i.date_day = c.date_day and i.app_id = c.app_id`,
      'models/part.sql': `select coalesce(i.date_day, c.date_day) as date_day, i.app_id from {{ source('gp', 'installs') }} i full outer join {{ source('gp', 'crashes') }} c on i.date_day = c.date_day`,
    });
    // the SQL gives no key; only a naming fallback (dimensions before the first measure) may guess, below 0.4
    expect(g['one_side']?.source).not.toBe('sql');
    expect(g['one_side']?.confidence ?? 0).toBeLessThan(0.4);
    expect(g['part']).toBeNull();
  });

  it('a DISTINCT spine LEFT JOINed to inputs on its whole key keeps the spine\'s key', async () => {
    // proves: the spine's key survives joins whose tables are unknown when each join binds the whole key
    const g = await grains({
      'models/device_report.sql': `with spine as (select distinct source_relation, date_day, app_id, device from {{ source('as', 'usage_device') }}),
        usage_device as (select * from {{ source('as', 'usage_device') }})
        select spine.source_relation, spine.date_day, spine.app_id, spine.device, coalesce(u.sessions, 0) as sessions
        from spine left join usage_device as u
          on spine.date_day = u.date_day and spine.source_relation = u.source_relation and spine.app_id = u.app_id and spine.device = u.device`,
    });
    expect(g['device_report']?.columns.sort()).toEqual(['app_id', 'date_day', 'device', 'source_relation']);
    expect(g['device_report']?.confidence).toBeLessThanOrEqual(0.6);
  });

  it('a LEFT JOIN on part of the spine\'s key to a table whose known key it does not bind: no key', async () => {
    // proves: a joined model keyed finer than what the join binds may fan out, so the spine's key is dropped
    const g = await grains({
      'models/events.sql': `select event_id, app_id, n from {{ source('as', 'events') }} group by 1, 2, 3`,
      'models/report.sql': `with spine as (select distinct date_day, app_id from {{ source('as', 'days') }})
        select spine.date_day, spine.app_id, e.n from spine left join {{ ref('events') }} e on spine.app_id = e.app_id`,
    });
    // the SQL gives no key; only a naming fallback (a period, then the id) may guess, below 0.4
    expect(g['report']?.source ?? 'heuristic').toBe('heuristic');
    expect(g['report']?.confidence ?? 0).toBeLessThan(0.4);
  });
});
