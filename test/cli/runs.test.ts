import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDirect } from '../../cli/run-direct.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { shopCommits } from '../helpers/shop-repo.js';
import { grainline } from '../diff/run-cli.js';

/** Warnings are data shown where people look, a failed run leaves a trace, and two runs on a db bundle the workflow code once. */
describe('run records and warnings', () => {
  let repo: string;
  let db: string;
  let runId: string;
  beforeAll(async () => {
    repo = await makeGitRepo(shopCommits); // jobs/broken.sql does not parse
    db = join(mkdtempSync(join(tmpdir(), 'grainline-runs-')), 'db');
  });
  /**
   * Issue 17, start fast: webpack bundling the workflow code took seconds of every
   * command. From the sources (in-process here: no build beside them) the first run on
   * a db bundles once into <db>/_grainline/workflow-bundle/, keyed by the code's
   * contents; the next run reads that file and bundles nothing.
   */
  const workflowBundles = () => {
    const dir = join(db, '_grainline', 'workflow-bundle');
    return readdirSync(dir).filter((f) => f.startsWith('bundle-')).map((f) => [f, statSync(join(dir, f)).mtimeMs] as const);
  };

  it('enrich says which warnings, with file and line, on stderr and in --json; a second run reuses the workflow bundle', async () => {
    // issue 17: an annotations folder that suddenly holds nothing (a wrong mount) is a warning too
    const annotations = mkdtempSync(join(tmpdir(), 'grainline-runs-ann-'));
    writeFileSync(join(annotations, 'fct.yml'), 'table: marts.fct_daily_revenue\ndescription: Finance-approved daily revenue.\n');
    const emptied = mkdtempSync(join(tmpdir(), 'grainline-runs-emptied-'));
    const text = await grainline(['enrich', '--repo', repo, '--db', db, '--annotations', annotations]);
    expect(text.code, text.err).toBe(0);
    expect(text.err).toMatch(/grainline: \d+ warnings? \(.*sql-parse-failed.*\); the first:/);
    expect(text.err).toMatch(/jobs\/broken\.sql:1: sql-parse-failed: /);
    expect(text.err).not.toMatch(/annotations-gone/);
    const bundled = workflowBundles();
    expect(bundled).toHaveLength(1);

    const json = await grainline(['enrich', '--repo', repo, '--db', db, '--full', '--annotations', emptied, '--json']);
    const summary = JSON.parse(json.out);
    runId = summary.runId;
    expect(summary.enriched).toBe(7);
    expect(workflowBundles()).toEqual(bundled); // the first run's bundle, read and not rewritten
    expect(summary.warningCodes['sql-parse-failed']).toBeGreaterThan(0);
    expect(summary.warningCodes['annotations-gone']).toBe(1);
    expect(Object.values(summary.warningCodes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(summary.warnings);
    expect(summary.warningSample.some((l: string) => l.startsWith('jobs/broken.sql:1:'))).toBe(true);
    expect(summary.wallMs).toBeGreaterThan(summary.durationMs); // the printed duration counts the start-up too
  }, 120_000);

  it('records a failed run with its reason, and readers still use the last good one', async () => {
    await expect(
      runDirect({ repo, ref: 'no-such-ref', dbUri: db, stateDir: join(db, '_grainline'), full: false, usagePaths: [], annotationsDir: join(repo, 'annotations'), maxFileBytes: 1 << 20 }),
    ).rejects.toThrow(/no-such-ref/);
    const listed = await grainline(['runs', '--db', db, '--json']);
    const runs = JSON.parse(listed.out);
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['failed', 'succeeded', 'succeeded']);
    expect(runs[0].error).toMatch(/ref 'no-such-ref' does not exist/);

    const text = await grainline(['runs', '--db', db]);
    expect(text.out).toMatch(/failed\s+.*FAILED: ref 'no-such-ref' does not exist/);
    const one = await grainline(['runs', '--db', db, '--run', runId]);
    expect(one.out).toMatch(/jobs\/broken\.sql:1: sql-parse-failed/);
    expect((await grainline(['search', 'revenue', '--db', db, '--json'])).code).toBe(0);
  });

  it('reading a catalog that is not there is an error and creates nothing', async () => {
    const missing = join(tmpdir(), `grainline-no-db-${Date.now()}`);
    for (const args of [['search', 'x', '--db', missing], ['show', 'x', '--db', missing], ['runs', '--db', missing]]) {
      const r = await grainline(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/no Grainline catalog at/);
    }
    expect(existsSync(missing)).toBe(false);
    expect((await grainline(['runs', '--db', db, '--run', 'nope'])).code).toBe(2);
  });
});
