import { describe, expect, it } from 'vitest';
import { analyze } from '../realworld/harness.js';

// Packages point models at their inputs through vars whose values call ref(): each
// model that reads the var must get its own ref, not the first model's placeholder.
describe('a var whose value calls ref()', () => {
  it('gives every model that reads it the upstream it names', async () => {
    const { tables } = await analyze({
      'dbt_project.yml': `name: app\nvars:\n  events: "{{ ref('stg_events') }}"\n`,
      'models/stg_events.sql': 'select event_id, user_id, day from raw.events',
      'models/daily.sql': "select day, count(*) as n from {{ var('events') }} group by day",
      'models/by_user.sql': "select user_id, count(*) as n from {{ var('events') }} group by user_id",
    });
    expect(tables['daily'].upstream).toEqual(['stg_events']);
    expect(tables['by_user'].upstream).toEqual(['stg_events']);
  });
});
