import { describe, expect, it } from 'vitest';
import { addCommit, makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from './run-cli.js';

const FCT = `{{ config(materialized='table') }}\nselect o.order_date, c.country, sum(o.amount) as revenue, count(*) as orders\nfrom {{ ref('stg_orders') }} o\njoin {{ ref('stg_customers') }} c on o.customer_id = c.customer_id\ngroup by 1, 2\n`;

describe('a pull request that changes no fact', () => {
  it('a comment by a new author lists nothing and passes every rule', async () => {
    const repo = await makeGitRepo(shopCommits);
    await addCommit(repo, { files: { 'dbt/models/marts/fct_daily_revenue.sql': `-- formatting only\n${FCT}` }, author: { name: 'Zed New', email: 'zed@example.com' } }, 9);
    const r = await grainline(['diff', '--repo', repo, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--fail-on', 'owner-removed,grain-changed,lineage-changed']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).tables).toEqual([]);
  }, 60_000);
});
