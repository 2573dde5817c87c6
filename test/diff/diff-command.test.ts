import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { diffRefs } from '../../cli/diff/refs-diff.js';
import { addCommit } from '../helpers/git-repo.js';
import { prRepo } from './pr-repo.js';
import { grainline } from './run-cli.js';

describe('grainline diff between two refs', () => {
  let pr: { repo: string; base: string; head: string };
  beforeAll(async () => {
    pr = await prRepo();
  });
  afterEach(() => vi.restoreAllMocks());

  it('a pull request that changes the GROUP BY and adds a join: the new grain, column and upstream, nothing else', async () => {
    // rules that do not fire leave the exit code at 0
    const { code, out } = await grainline(['diff', '--repo', pr.repo, '--base', pr.base, '--head', pr.head, '--fail-on', 'owner-removed,table-removed']);
    expect(code).toBe(0);
    const sections = out.split('\n').filter((l) => l.startsWith('#### '));
    expect(sections).toEqual(['#### `marts.fct_daily_revenue` · dbt model · changed']);
    // the summary first: what changed, what it reaches, which checks failed
    const summary = out.split('\n').filter((l) => /^- \*\*(Tables|Downstream|Exposures|Checks)/.test(l));
    expect(summary).toEqual(['- **Tables:** 1 changed', '- **Downstream tables affected:** 1 (`reporting.weekly_revenue`)', '- **Checks:** none failed']);
    const bullets = out.split('\n').filter((l) => l.startsWith('- ') && !summary.includes(l));
    expect(bullets).toEqual([
      '- **Grain:** one row per order_date and country → **one row per order_date, country and category**',
      '- **Columns added:** `category`',
      '- **Upstream added:** `stg_products`',
      // the join the model's new SQL states, between the two tables it joins
      '- **Join keys added:** `stg_orders.product_id = stg_products.product_id`',
    ]);
    expect(out).toContain('+Grain: one row per order_date, country and category.');
    expect(out).toContain('-Grain: one row per order_date and country.');
    expect(out).not.toContain('Failed checks');
  });

  it('--fail-on grain-changed exits 1 and names the table', async () => {
    const fired = await grainline(['diff', '--repo', pr.repo, '--base', pr.base, '--head', pr.head, '--fail-on', 'grain-changed,owner-removed']);
    expect(fired.code).toBe(1);
    expect(fired.out).toContain('- ❌ `grain-changed` on `marts.fct_daily_revenue`');
    expect(fired.out).not.toContain('`owner-removed` on');
  });

  it('the same commit on both sides reports nothing and exits 0, whatever the rules', async () => {
    const { code, out } = await grainline(['diff', '--repo', pr.repo, '--base', pr.head, '--head', pr.head, '--fail-on', 'grain-changed,lineage-changed', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ tables: [], failed: [] });
  });

  it('removing a model: the table is removed and its reader reads a table no longer defined', async () => {
    const removal = await addCommit(pr.repo, { files: { 'dbt/models/marts/fct_daily_revenue.sql': null, 'dbt/models/marts/schema.yml': null } }, 11);
    const report = await diffRefs({ repo: pr.repo, base: pr.head, head: removal });
    expect(report.tables.map((t) => [t.table, t.status, t.missingUpstream])).toEqual([
      ['marts.fct_daily_revenue', 'removed', []],
      ['reporting.weekly_revenue', 'changed', ['marts.fct_daily_revenue']],
    ]);
  });

  it('a ref that does not exist or an unknown rule is a user error: exit 2', async () => {
    expect((await grainline(['diff', '--repo', pr.repo, '--base', 'no-such-ref'])).code).toBe(2);
    const unknown = await grainline(['diff', '--repo', pr.repo, '--base', pr.base, '--fail-on', 'grain-change']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown --fail-on rule 'grain-change'");
  });
});
