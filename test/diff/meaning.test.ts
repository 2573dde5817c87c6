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

describe('a big diff', () => {
  it('fits a GitHub comment and says what it cut', async () => {
    const { renderMarkdown } = await import('../../cli/diff/markdown.js');
    const tables = Array.from({ length: 3000 }, (_, i) => ({
      id: `t${i}`, table: `analytics.table_${i}`, kind: 'dbt model', status: 'added' as const,
      upstream: { added: [`raw.source_${i}`, `raw.other_${i}`], removed: [] }, missingUpstream: [], grain: { before: null, after: `one row per id_${i}` },
      joinKeys: { added: [], removed: [] }, owners: { added: [], removed: [], primary: null }, conflicts: [], description: null,
    }));
    const md = renderMarkdown({ base: { ref: 'main', id: 'a'.repeat(40) }, head: { ref: 'pr', id: 'b'.repeat(40) }, tables }, [{ rule: 'table-removed', table: 'x', detail: 'removed' }]);
    expect(md.length).toBeLessThan(65_000);
    expect(md).toMatch(/_… \d+ more tables not shown here, to fit a comment: `grainline diff --format json` has them all._/);
    expect(md).toContain('**Failed checks**'); // the verdict is never cut
    expect(md.indexOf('- **Tables:** 3000 added')).toBeLessThan(md.indexOf('#### '));
  });
});

describe('a deleted model', () => {
  it('is one broken reference on its reader, not an upstream swapped for another', async () => {
    const repo = await makeGitRepo(shopCommits);
    // staging models live in their own schema, so a ref resolves to staging.stg_customers
    await addCommit(repo, { files: { 'dbt/dbt_project.yml': `name: shop\nversion: '1.0'\nprofile: shop\nmodels:\n  shop:\n    staging:\n      +schema: staging\n    marts:\n      +schema: marts\n` } }, 10);
    await addCommit(repo, { files: { 'dbt/models/staging/stg_customers.sql': null } }, 11);
    const r = await grainline(['diff', '--repo', repo, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--fail-on', 'upstream-missing,lineage-changed']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    const reader = report.tables.find((t: { table: string }) => t.table === 'marts.fct_daily_revenue');
    expect(reader).toMatchObject({ upstream: { added: [], removed: [] }, missingUpstream: ['stg_customers'] });
    expect(report.failed.map((f: { rule: string; table: string }) => `${f.rule} ${f.table}`)).toEqual(['upstream-missing marts.fct_daily_revenue']);
  }, 60_000);
});

describe('declared versus actual grain', () => {
  it('a GROUP BY that outgrows the declared grain fires grain-mismatch, naming both', async () => {
    const repo = await makeGitRepo(shopCommits);
    const declared = `version: 2\nmodels:\n  - name: fct_daily_revenue\n    data_tests:\n      - dbt_utils.unique_combination_of_columns:\n          combination_of_columns: [order_date, country]\n`;
    await addCommit(repo, { files: { 'dbt/models/marts/schema.yml': declared } }, 10);
    const grouped = FCT.replace('select o.order_date, c.country,', 'select o.order_date, c.country, o.status,').replace('group by 1, 2', 'group by 1, 2, 3');
    await addCommit(repo, { files: { 'dbt/models/marts/fct_daily_revenue.sql': grouped } }, 11);
    const r = await grainline(['diff', '--repo', repo, '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'grain-mismatch']);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('- ⚠️ **Grain mismatch:** declared [order_date, country], the SQL now produces one row per [order_date, country, status]');
    expect(r.out).toContain('❌ `grain-mismatch` on `marts.fct_daily_revenue`');
  }, 60_000);
});

describe('diff on a large repo', () => {
  it('says what it is doing, stage by stage, past the size where that helps', async () => {
    const { diffRefs } = await import('../../cli/diff/refs-diff.js');
    const repo = await makeGitRepo(shopCommits);
    const lines: string[] = [];
    await diffRefs({ repo, base: 'HEAD~1', head: 'HEAD', progress: (l) => lines.push(l), progressFromTables: 3 });
    expect(lines.map((l) => l.replace(/ \(\d+\.\ds\)$/, ''))).toEqual([
      expect.stringMatching(/^read HEAD~1: \d+ tables$/),
      expect.stringMatching(/^read HEAD: \d+ tables$/),
      expect.stringMatching(/^enriching \d+ changed tables and their readers$/),
    ]);
    const quiet: string[] = [];
    await diffRefs({ repo, base: 'HEAD~1', head: 'HEAD', progress: (l) => quiet.push(l) });
    expect(quiet).toEqual([]); // a small repo is done before anyone would look
  }, 60_000);
});

describe('columns', () => {
  it('a renamed column that a downstream job still reads fires breaking-column, naming the reader, file and line', async () => {
    const repo = await makeGitRepo(shopCommits);
    await addCommit(repo, { files: { 'dbt/models/marts/fct_daily_revenue.sql': FCT.replace('sum(o.amount) as revenue,', 'sum(o.amount) as revenue_usd,') } }, 10);
    const r = await grainline(['diff', '--repo', repo, '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'breaking-column,column-removed']);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('- **Columns renamed:** `revenue` → `revenue_usd`');
    expect(r.out).toContain('- ⚠️ **Breaks a reader:** `reporting.weekly_revenue.revenue` still reads `revenue` (jobs/weekly_revenue.sql:2)');
    expect(r.out).toContain('❌ `breaking-column` on `marts.fct_daily_revenue`: reporting.weekly_revenue.revenue still reads revenue (jobs/weekly_revenue.sql:2)');
    expect(r.out).toContain('❌ `column-removed` on `marts.fct_daily_revenue`: lost revenue (now revenue_usd)');
  }, 60_000);

  it('an added column is listed and breaks nothing', async () => {
    const repo = await makeGitRepo(shopCommits);
    await addCommit(repo, { files: { 'dbt/models/marts/fct_daily_revenue.sql': FCT.replace('count(*) as orders', 'count(*) as orders, max(o.amount) as largest_order') } }, 10);
    const r = await grainline(['diff', '--repo', repo, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--fail-on', 'breaking-column,column-removed']);
    expect(r.code, r.err).toBe(0);
    const t = JSON.parse(r.out).tables.find((x: { table: string }) => x.table === 'marts.fct_daily_revenue');
    expect(t.columns).toMatchObject({ added: ['largest_order'], removed: [], renamed: [], breaking: [] });
  }, 60_000);
});
