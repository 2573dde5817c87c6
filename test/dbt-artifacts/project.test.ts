import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { uploadRunInputs } from '../../infra/run-folder/run-inputs.js';
import { runDirect } from '../../cli/run-direct.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { grainline } from '../diff/run-cli.js';

/**
 * Issue 20: the dbt project under ./project (an override generate_schema_name, an alias,
 * constraints, a group, a semantic model; profiles.yml targets a local DuckDB), and the
 * manifest.json / catalog.json that dbt-core 1.9 built from it (./ci-target, see README.md).
 * dbt put every table where `dbt build` printed it: warehouse.staging.stg_orders,
 * warehouse.analytics.dim_customers, ... The catalog must say the same, with and without the manifest.
 */
const here = new URL('.', import.meta.url).pathname;
const ci = join(here, 'ci-target');

function projectFiles(dir = join(here, 'project')): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(join(here, 'project'), full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

async function show(db: string, name: string) {
  const r = await grainline(['show', name, '--db', db, '--json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as {
    id: string;
    aliases: string[];
    grain?: { columns: string[]; source: string; detail?: string };
    joinKeys: { columns: string[]; table: string; refColumns: string[]; source: string; detail?: string }[];
    owners: { id: string; source: string; detail?: string }[];
    columns: { name: string; type?: string }[];
    upstream: string[];
  };
}

describe.each([
  ['without the manifest (dbt naming from the profile and the override macro)', false],
  ['with --dbt-manifest and --dbt-catalog', true],
  // issue 22: as the command hands them to workers, copied into the run folder and named there
  ['with the artifacts uploaded into the run folder', 'uploaded'],
])('the test dbt project, %s', (_label, withArtifacts) => {
  let db: string;
  beforeAll(async () => {
    const repo = await makeGitRepo([{ files: projectFiles() }]);
    db = join(mkdtempSync(join(tmpdir(), 'grainline-dbt-artifacts-')), 'db');
    const given = withArtifacts ? { dbtManifest: join(ci, 'manifest.json'), dbtCatalog: join(ci, 'catalog.json') } : undefined;
    const runId = 'dbt-artifacts';
    const dbt = withArtifacts === 'uploaded' ? (await uploadRunInputs(`${db}/_grainline/runs/${runId}`, { usagePaths: [], annotationsDir: 'annotations', dbt: given })).dbt : given;
    if (withArtifacts === 'uploaded') expect(dbt?.dbtManifest).toMatch(/^run:inputs\//);
    await runDirect({ repo, ref: 'HEAD', dbUri: db, stateDir: join(db, '_grainline'), runId, full: true, usagePaths: [], annotationsDir: join(repo, 'annotations'), maxFileBytes: 1 << 22, ...(dbt ? { dbt } : {}) });
  }, 120_000);

  it('names every table as the warehouse does, and any shorter name finds it', async () => {
    expect((await show(db, 'stg_orders')).id).toBe('warehouse.staging.stg_orders');
    expect((await show(db, 'staging.stg_orders')).id).toBe('warehouse.staging.stg_orders');
    const customers = await show(db, 'customers'); // the dbt name of the model whose alias is dim_customers
    expect(customers.id).toBe('warehouse.analytics.dim_customers');
    expect(customers.aliases).toEqual(expect.arrayContaining(['analytics.dim_customers', 'dim_customers', 'customers']));
    expect((await show(db, 'raw_orders')).id).toBe('warehouse.analytics.raw_orders');
    expect((await show(db, 'orders')).upstream).toContain('warehouse.staging.stg_orders');
  });

  it('takes primary_key and unique constraints as declared grain', async () => {
    expect((await show(db, 'dim_customers')).grain).toMatchObject({ columns: ['customer_id'], source: 'dbt-yaml', detail: 'primary_key constraint' });
    expect((await show(db, 'warehouse.analytics.orders')).grain).toMatchObject({ columns: ['order_number'], source: 'dbt-yaml', detail: 'unique constraint' });
  });

  it('takes the foreign_key constraint as a declared join key, and the group as the owner', async () => {
    const orders = await show(db, 'warehouse.analytics.orders');
    expect(orders.joinKeys).toContainEqual(expect.objectContaining({ columns: ['customer_id'], table: 'warehouse.analytics.dim_customers', refColumns: ['customer_id'], source: 'dbt-yaml' }));
    expect(orders.owners[0]).toMatchObject({ id: 'sales-analytics@example.com' });
  });

  it(withArtifacts ? "puts catalog.json's column types on the columns" : 'has the declared column types only', async () => {
    const stg = await show(db, 'stg_orders'); // declares no data_type: only the catalog knows
    const amount = stg.columns.find((c) => c.name.toLowerCase() === 'amount');
    expect(amount?.type).toBe(withArtifacts ? 'INTEGER' : undefined);
  });
});

describe('--dbt-manifest / --dbt-catalog', () => {
  it.each([
    ['enrich', '--dbt-manifest'],
    ['enrich', '--dbt-catalog'],
    ['up', '--dbt-manifest'],
    ['schedule create', '--dbt-catalog'],
  ])('%s %s naming no file exits 2 and writes no database', async (command, flag) => {
    const repo = await makeGitRepo([{ files: { 'dbt_project.yml': 'name: x\n' } }]);
    const db = join(mkdtempSync(join(tmpdir(), 'grainline-dbt-flag-')), 'db');
    const r = await grainline([...command.split(' '), '--repo', repo, '--db', db, '--no-model', flag, join(repo, 'target/no-such.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${flag} .*no-such\\.json: no such file or folder`));
    expect(() => statSync(db)).toThrow();
  });
});
