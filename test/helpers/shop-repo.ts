import type { Commit } from './git-repo.js';

/**
 * A small mixed monorepo: a dbt project (staging + marts) and plain SQL jobs that
 * read the dbt marts, so lineage must cross styles.
 */
export const shopCommits: Commit[] = [
  {
    author: { name: 'Ada Analyst', email: 'ada@example.com' },
    files: {
      'dbt/dbt_project.yml': `name: shop\nversion: '1.0'\nprofile: shop\nmodels:\n  shop:\n    marts:\n      +schema: marts\n`,
      'dbt/models/staging/sources.yml': `version: 2\nsources:\n  - name: raw\n    schema: raw_shop\n    tables:\n      - name: orders\n      - name: customers\n`,
      'dbt/models/staging/stg_orders.sql': `select id as order_id, customer_id, amount, country, created_at::date as order_date\nfrom {{ source('raw', 'orders') }}\n`,
      'dbt/models/staging/stg_customers.sql': `select id as customer_id, name, country from {{ source('raw', 'customers') }}\n`,
    },
  },
  {
    author: { name: 'Bo Builder', email: 'bo@example.com' },
    files: {
      'dbt/models/marts/fct_daily_revenue.sql': `{{ config(materialized='table') }}\nselect o.order_date, c.country, sum(o.amount) as revenue, count(*) as orders\nfrom {{ ref('stg_orders') }} o\njoin {{ ref('stg_customers') }} c on o.customer_id = c.customer_id\ngroup by 1, 2\n`,
      'dbt/models/marts/schema.yml': `version: 2\nmodels:\n  - name: fct_daily_revenue\n    description: Daily revenue and order counts per country, for finance dashboards.\n`,
    },
  },
  {
    author: { name: 'Cy Scheduler', email: 'cy@example.com' },
    files: {
      'jobs/weekly_revenue.sql': `create or replace table reporting.weekly_revenue as\nselect date_trunc('week', order_date) as week, country, sum(revenue) as revenue\nfrom marts.fct_daily_revenue\ngroup by 1, 2;\n`,
      'jobs/broken.sql': `create table reporting.broken as select from where;\n`,
    },
  },
];
