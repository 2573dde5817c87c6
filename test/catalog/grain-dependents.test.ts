import { describe, expect, it } from 'vitest';
import { grains as grainsIn } from './grains.js';

const grains = (files: Record<string, string>) => grainsIn('league', files);

const players = {
  'models/players.sql': `select player_no, full_name, club from {{ source('raw', 'players') }}`,
  'models/schema.yml': `version: 2\nmodels:\n  - name: players\n    columns:\n      - name: player_no\n        tests: [unique]\n`,
};

describe('GROUP BY a keyed table\'s key and its attributes', () => {
  it('the attributes of a joined, keyed table drop out of the key', async () => {
    // proves: `group by p.player_no, p.full_name` is one row per player_no when player_no is players' key
    const g = await grains({
      ...players,
      'models/goals_by_player.sql': `
        with scored as (select * from {{ source('raw', 'goals') }}),
        named as (select p.player_no, p.full_name, s.minute from scored s join {{ ref('players') }} p using (player_no))
        select player_no, full_name, count(*) as goals from named group by 1, 2`,
    });
    expect(g['goals_by_player']?.columns).toEqual(['player_no']);
    expect(g['goals_by_player']?.confidence).toBeLessThanOrEqual(0.85);
    expect(g['goals_by_player']?.detail).toContain('depend on the key of players');
  });

  it('grouped columns of a table whose key is not among them all stay', async () => {
    // proves: without the table's whole key in the GROUP BY nothing is dropped
    const g = await grains({
      ...players,
      'models/by_club.sql': `select p.club, p.full_name, count(*) as n from {{ ref('players') }} p group by p.club, p.full_name`,
    });
    expect(g['by_club']?.columns).toEqual(['club', 'full_name']);
  });

  it('two aliases of one table are two instances: one\'s key does not make the other\'s columns depend', async () => {
    // proves: a self-join does not merge instances (home.player_no does not determine away.full_name)
    const g = await grains({
      ...players,
      'models/pairs.sql': `
        select h.player_no, a.full_name, count(*) as n
        from {{ source('raw', 'duels') }} d
        join {{ ref('players') }} h on d.home_no = h.player_no
        join {{ ref('players') }} a on d.away_no = a.player_no
        group by h.player_no, a.full_name`,
    });
    expect(g['pairs']?.columns).toEqual(['player_no', 'full_name']);
  });
});

describe('SELECT DISTINCT over a keyed table', () => {
  it('columns and expressions read from the keyed instance alone depend on its key', async () => {
    // proves: `select distinct p.player_no, upper(p.full_name), p.club` is one row per player_no
    const g = await grains({
      ...players,
      'models/scorers.sql': `
        select distinct p.player_no, upper(p.full_name) as shout_name, p.club
        from {{ source('raw', 'goals') }} s join {{ ref('players') }} p on p.player_no = s.player_no`,
    });
    expect(g['scorers']?.columns).toEqual(['player_no']);
  });
});

describe('a hash of the grouped columns', () => {
  it('is the grain of an aggregate, ahead of the GROUP BY list', async () => {
    // proves: `group by day, mood, md5(day || mood)` keys its groups by the hash, as its author does
    const g = await grains({
      'models/daily_moods.sql': `
        select count(*) as n, mood, day, md5(concat(mood, '-', day)) as day_mood_key
        from {{ source('raw', 'moods') }} group by day, mood, day_mood_key`,
    });
    expect(g['daily_moods']?.columns).toEqual(['day_mood_key']);
  });

  it('carried from a CTE that groups by ordinals', async () => {
    // proves: the rule holds through `select * from cte` with `group by 1, 2, 3`
    const g = await grains({
      'models/monthly.sql': `
        with m as (
          select md5(concat(cast(month as varchar), '-', account)) as month_account_key, month, account, account_label, sum(amount) as total
          from {{ source('raw', 'ledger') }} group by 1, 2, 3, 4)
        select * from m`,
    });
    expect(g['monthly']?.columns).toEqual(['month_account_key']);
  });
});

describe('a table that unions several sources', () => {
  it('a naming guess of the entity key is per source: the discriminator column joins it', async () => {
    // proves: a staging model that carries the union macros' source_relation column is keyed (id, source_relation)
    const g = await grains({
      'models/stg_billing__invoices.sql': `select id as invoice_id, source_relation, total from {{ source('billing', 'invoices') }}`,
      'models/stg_billing__notes.sql': `select id as note_id, body from {{ source('billing', 'notes') }}`,
    });
    expect(g['stg_billing__invoices']?.columns).toEqual(['invoice_id', 'source_relation']);
    expect(g['stg_billing__invoices']?.confidence).toBeLessThanOrEqual(0.5);
    expect(g['stg_billing__notes']?.columns).toEqual(['note_id']);
  });
});
