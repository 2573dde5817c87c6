import { addCommit, makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';

const bo = { name: 'Bo Builder', email: 'bo@example.com' };

/**
 * The shop repo plus a products staging model (the base of a pull request), and the
 * pull request: fct_daily_revenue now groups by category too, read from a new join.
 */
export async function prRepo(): Promise<{ repo: string; base: string; head: string }> {
  const repo = await makeGitRepo([
    ...shopCommits,
    {
      author: bo,
      files: {
        'dbt/models/staging/stg_products.sql': `select id as product_id, category from {{ source('raw', 'orders') }}\n`,
      },
    },
  ]);
  const { simpleGit } = await import('simple-git');
  const base = (await simpleGit(repo).revparse(['HEAD'])).trim();
  const head = await addCommit(
    repo,
    {
      author: bo,
      message: 'revenue by category',
      files: {
        'dbt/models/marts/fct_daily_revenue.sql':
          `{{ config(materialized='table') }}\n` +
          `select o.order_date, c.country, p.category, sum(o.amount) as revenue, count(*) as orders\n` +
          `from {{ ref('stg_orders') }} o\n` +
          `join {{ ref('stg_customers') }} c on o.customer_id = c.customer_id\n` +
          `join {{ ref('stg_products') }} p on o.product_id = p.product_id\n` +
          `group by 1, 2, 3\n`,
      },
    },
    10,
  );
  return { repo, base, head };
}
