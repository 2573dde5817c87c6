import { describe, expect, it } from 'vitest';
import { grains as grainsIn } from './grains.js';

const grains = (files: Record<string, string>) => grainsIn('ads', files);

// Fivetran's ad reports (google_ads__account_report, a few lines of it): stats grouped by the
// account id they carry, with the joined account's attributes in the GROUP BY list
const accounts = {
  'models/accounts.sql': `select account_id, account_name, currency_code from {{ source('raw', 'accounts') }}`,
  'models/schema.yml': `version: 2\nmodels:\n  - name: accounts\n    columns:\n      - name: account_id\n        tests: [unique]\n`,
};
const report = (on: string) => `
  with stats as (select * from {{ source('raw', 'account_stats') }}),
  accounts as (select * from {{ ref('accounts') }}),
  fields as (
    select stats.date_day, accounts.account_name, stats.account_id, accounts.currency_code, sum(stats.spend) as spend
    from stats left join accounts on ${on}
    group by 1, 2, 3, 4)
  select * from fields`;

describe('GROUP BY a joined table\'s attributes next to the column it is joined on', () => {
  it('the joined table\'s attributes drop out: the ON clause ties its key to a grouped column', async () => {
    // proves: accounts.account_id is not listed, but stats.account_id = accounts.account_id is, so
    // each group holds one account and its name and currency depend on it
    const g = await grains({ ...accounts, 'models/account_report.sql': report('stats.account_id = accounts.account_id') });
    expect(g['account_report']?.columns).toEqual(['date_day', 'account_id']);
    expect(g['account_report']?.confidence).toBeLessThanOrEqual(0.85);
    expect(g['account_report']?.detail).toContain('depend on the key of');
  });

  it('a join on a column that is not the joined table\'s key keeps every grouped column', async () => {
    // proves: the joined attributes drop only when what the ON clause fixes holds the joined table's key
    const g = await grains({ ...accounts, 'models/account_report.sql': report('stats.account_id = accounts.currency_code') });
    expect(g['account_report']?.columns).toEqual(['date_day', 'account_name', 'account_id', 'currency_code']);
  });

  it('a joined table of unknown grain is taken to be unique on what the join binds, below a GROUP BY read outright', async () => {
    // proves: Fivetran's reports join package models the repo does not build; the grouped
    // attributes of such a lookup drop out, at the capped confidence
    const report = `
      select s.date_day, s.account_id, a.account_name, sum(s.spend) as spend
      from {{ source('raw', 'account_stats') }} s
      left join {{ source('raw', 'account_history') }} a on s.account_id = a.account_id and a.is_current
      group by 1, 2, 3`;
    const g = await grains({ 'models/account_report.sql': report });
    expect(g['account_report']?.columns).toEqual(['date_day', 'account_id']);
    expect(g['account_report']?.confidence).toBeLessThanOrEqual(0.6);
  });

  it('the driver is never taken to be unique on what it is joined on', async () => {
    // proves: only the joined side of an ON clause is assumed unique; the driver's grouped
    // columns stay even where the joined side outputs the column they are tied to
    const report = `
      select a.account_id, s.date_day, sum(s.spend) as spend
      from {{ source('raw', 'account_stats') }} s
      left join {{ source('raw', 'accounts') }} a on s.account_id = a.account_id
      group by 1, 2`;
    const g = await grains({ 'models/account_report.sql': report });
    expect(g['account_report']?.columns).toEqual(['account_id', 'date_day']);
  });

  it('a join that also binds a column no group fixes assumes nothing', async () => {
    // proves: shopify's emails aggregate joins customers on customer_id (not grouped) and
    // source_relation (grouped); the grouped email is not fixed by source_relation alone
    const report = `
      with emails as (select customer_id, source_relation, email from {{ source('raw', 'customers') }} group by 1, 2, 3)
      select lower(emails.email) as email, orders.source_relation, count(*) as orders
      from {{ source('raw', 'orders') }} orders
      join emails on orders.customer_id = emails.customer_id and orders.source_relation = emails.source_relation
      group by 1, 2`;
    const g = await grains({ 'models/email_orders.sql': report });
    expect(g['email_orders']?.columns).toEqual(['email', 'source_relation']);
  });
});

describe('what a join is taken to be unique on', () => {
  it('a joined table whose rows are what the select counts is no lookup', async () => {
    // proves: grouping customers by an attribute of the orders joined to them, with the
    // orders' own columns aggregated, keeps the attribute: orders repeat per customer
    const report = `
      select c.customer_id, o.status, count(o.order_id) as orders
      from {{ source('raw', 'customers') }} c
      join {{ source('raw', 'orders') }} o on o.customer_id = c.customer_id
      group by 1, 2`;
    const g = await grains({ 'models/customer_statuses.sql': report });
    expect(g['customer_statuses']?.columns).toEqual(['customer_id', 'status']);
  });
});

describe('lookups joined through other lookups', () => {
  const report = (tail: string) => `
    select s.date_day, s.ad_group_id, g.ad_group_name, c.campaign_name, c.campaign_id, sum(s.spend) as spend
    from {{ source('raw', 'ad_group_stats') }} s
    left join {{ source('raw', 'ad_groups') }} g on s.ad_group_id = g.ad_group_id
    left join {{ source('raw', 'campaigns') }} c on ${tail}
    group by 1, 2, 3, 4, 5`;

  it('a lookup joined on a column of another lookup is fixed by the groups too', async () => {
    // proves: google_ads__ad_group_report's campaign, joined on the ad group's campaign_id,
    // depends on the grouped ad_group_id through the ad group, and so does its listed campaign_id
    const g = await grains({ 'models/ad_group_report.sql': report('cast(g.campaign_id as varchar) = cast(c.campaign_id as varchar)') });
    expect(g['ad_group_report']?.columns).toEqual(['date_day', 'ad_group_id']);
    expect(g['ad_group_report']?.confidence).toBeLessThanOrEqual(0.6);
  });

  it('a lookup joined on a column of the driver that no group fixes stays', async () => {
    // proves: the chain runs only through a lookup the groups fix, not through the driver's other columns
    const g = await grains({ 'models/ad_group_report.sql': report('s.campaign_id = c.campaign_id') });
    // (campaign_name still goes: it depends on the listed campaign_id, the campaigns' key)
    expect(g['ad_group_report']?.columns).toEqual(['date_day', 'ad_group_id', 'campaign_id']);
  });
});

describe('a joined relation whose key the SQL knows', () => {
  it('is no lookup when the join does not bind that key', async () => {
    // proves: ol-data-platform's engagement_problem_completion_raw joins a CTE grouped by
    // (course_title, courserun_readable_id) on courserun_readable_id alone: it may repeat, so
    // the grouped course_title stays in the key
    const report = `
      with runs as (select course_title, courserun_readable_id from {{ source('raw', 'course_runs') }} group by 1, 2)
      select e.courserun_readable_id, runs.course_title, sum(e.attempts) as attempts
      from {{ source('raw', 'engagement') }} e
      left join runs on e.courserun_readable_id = runs.courserun_readable_id
      group by 1, 2`;
    const g = await grains({ 'models/completion.sql': report });
    expect(g['completion']?.columns).toEqual(['courserun_readable_id', 'course_title']);
  });
});

describe('a lookup whose joined column is grouped by its own reference', () => {
  // Spider2 tpch002 lost_revenue (a few lines): the customer's columns are grouped by c.c_custkey,
  // the column its join binds, not by the driver's CUSTOMER_ID; the nation hangs off the customer
  const lostRevenue = (customerOn: string) => `
    with ro as (select o.o_orderkey, o.o_custkey from {{ source('tpch', 'orders') }} o),
    rl as (
      select c.c_custkey, c.c_name, sum(revenue) as revenue_lost, c_acctbal, n.n_name
      from ro left join (select l_orderkey as order_id, o_custkey as customer_id, sum(l_extendedprice) as revenue
          from {{ source('tpch', 'lineitem') }} group by 1, 2) lo on lo.order_id = ro.o_orderkey
      left join {{ source('tpch', 'customer') }} c on ${customerOn}
      left join {{ source('tpch', 'nation') }} n on c.c_nationkey = n.n_nationkey
      group by c.c_custkey, c.c_name, c.c_acctbal, n.n_name)
    select * from rl`;

  it('fixes the lookup and what is joined through it', async () => {
    // proves: the grouped c_custkey fixes the customer row, its c_name and c_acctbal (listed without
    // its table, which the GROUP BY names), and the nation joined on the customer's c_nationkey:
    // one row per customer, below what is read outright
    const g = await grains({ 'models/lost_revenue.sql': lostRevenue('c.c_custkey = lo.customer_id') });
    expect(g['lost_revenue']?.columns).toEqual(['c_custkey']);
    expect(g['lost_revenue']?.confidence).toBeLessThanOrEqual(0.6);
  });

  it('does not when the join binds a column that is not grouped', async () => {
    // proves: a join on two columns, one of them not in the GROUP BY list, may match several customer rows per group
    const g = await grains({ 'models/lost_revenue.sql': lostRevenue('c.c_custkey = lo.customer_id and c.c_region = lo.region') });
    expect(g['lost_revenue']?.columns).toEqual(['c_custkey', 'c_name', 'c_acctbal', 'n_name']);
  });

  it('reads a key filled with a label for its null rows as the key', async () => {
    // proves: Spider2 salesforce__manager_performance groups by coalesce(manager.user_id, 'No Manager
    // Assigned') and the manager's attributes; the label tells the null group apart, so the user's key holds
    const report = (id: string) => `
      with u as (select * from {{ source('sf', 'user') }})
      select ${id} as manager_id, coalesce(manager.user_name, 'No Manager Assigned') as manager_name,
        manager.city as manager_city, count(distinct owner_id) as direct_reports, sum(o.amount) as amount
      from {{ source('sf', 'opportunity_by_owner') }} o
      left join u as manager on manager.user_id = o.manager_id
      group by 1, 2, 3`;
    const g = await grains({ 'models/manager_performance.sql': report(`coalesce(manager.user_id, 'No Manager Assigned')`) });
    expect(g['manager_performance']?.columns).toEqual(['manager_id']);
    // a coalesce over two columns is no one column's value
    const two = await grains({ 'models/manager_performance.sql': report('coalesce(manager.user_id, o.manager_id)') });
    expect(two['manager_performance']?.columns).toEqual(['manager_id', 'manager_name', 'manager_city']);
  });
});
