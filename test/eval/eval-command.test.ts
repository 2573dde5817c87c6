import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGitRepo } from '../helpers/git-repo.js';
import { grainline } from '../diff/run-cli.js';

const SCHEMA = `
models:
  - name: customers
    meta: { owner: ada@example.com }
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
  - name: orders
    meta: { owner: bo@example.com }
    columns:
      - name: order_id
        data_tests: [unique]
  - name: stg_orders
    columns:
      - name: customer_id
        data_tests:
          - relationships: { to: "ref('customers')", field: customer_id }
`;

const FILES = {
  'dbt_project.yml': 'name: shop\nmodel-paths: [models]\n',
  'models/sources.yml': 'sources:\n  - name: raw\n    tables: [{ name: orders }]\n',
  'models/stg_orders.sql': "select id as order_id, customer_id, amount from {{ source('raw', 'orders') }}",
  'models/customers.sql': "select customer_id, count(*) as orders from {{ ref('stg_orders') }} group by customer_id",
  'models/orders.sql':
    "select o.order_id, o.customer_id, c.orders from {{ ref('stg_orders') }} o left join {{ ref('customers') }} c on o.customer_id = c.customer_id",
  // reads a relation no ref()/source() names: real lineage that dbt's declarations cannot judge
  'models/warehouse_jobs.sql': 'select job_id, user_email from `region-us`.INFORMATION_SCHEMA.JOBS',
};

describe('grainline eval', () => {
  const work = mkdtempSync(join(tmpdir(), 'grainline-eval-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('scores a blind copy whose history keeps the authors but not the removed declarations', async () => {
    const repo = await makeGitRepo([
      { files: FILES, author: { name: 'Ada', email: 'ada@example.com' } },
      { files: { 'models/schema.yml': SCHEMA }, author: { name: 'Bo', email: 'bo@example.com' } },
    ]);
    const res = await grainline(['eval', '--repo', repo, '--holdout', '0.5', '--seed', '2', '--work', work, '--json']);
    expect(res.code, res.err).toBe(0);
    const r = JSON.parse(res.out);
    expect(r.removed).toMatchObject({ grain: 2, joins: 1, owners: 1, ownersKept: 1 });
    expect(r.tables).toMatchObject({ models: 4, found: 4, missing: [] });
    expect(r.parse).toMatchObject({ models: 4, renderFailed: 0, parseFailed: 0 });
    expect(r.lineage).toMatchObject({ edges: 4, precision: 1, recall: 1, undeclaredReads: 1 });
    expect(r.lineageWritten).toMatchObject({ edges: 4, precision: 1, recall: 1 });
    // the GROUP BY gives customers its grain; orders' JOIN ON gives stg_orders the declared join key
    expect(r.grain.n).toBe(2);
    expect(r.grain.misses.map((m: { table: string }) => m.table)).not.toContain('customers');
    expect(r.joinKeys).toMatchObject({ n: 1, right: 1, score: 1 });
    // stg_orders' only keys point at customers' grain: each one is a reference, and the answer
    expect(r.joinKeys.referencesPrecisionLowerBound).toBe(1);
    expect(r.owners.n).toBe(1);

    const copy = simpleGit(join(work, 'repo'));
    const history = await copy.raw(['log', '-p', '--all']);
    expect(history).not.toMatch(/relationships|data_tests: \[unique/);
    expect((await copy.raw(['log', '--format=%ae'])).split('\n')).toEqual(expect.arrayContaining(['ada@example.com', 'bo@example.com']));
  });

  it('prints a readable report, and a mistyped repo is a usage error', async () => {
    const repo = await makeGitRepo([{ files: { ...FILES, 'models/schema.yml': SCHEMA } }]);
    const res = await grainline(['eval', '--repo', repo]);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/tables found\s+4 \/ 4 dbt models/);
    expect(res.out).toMatch(/join-key recall\s+1\.00/);
    expect((await grainline(['eval', '--repo', join(work, 'no-such-repo')])).code).toBe(2);
    expect((await grainline(['eval', '--repo', repo, '--holdout', '2'])).code).toBe(2);
  });
});
