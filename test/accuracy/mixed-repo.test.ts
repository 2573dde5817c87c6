/**
 * The static pipeline (crawl + merge, no model) scored against a generated mixed
 * monorepo, with declarations present and hidden. Seeds differ from the ones the
 * enrichers were tuned on (1, 3, 11, 12).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_STYLES } from '../../fixture/truth.js';
import { scoreFixture, type FixtureRun } from './score-fixture.js';
import { expectBar } from './thresholds.js';

const SEED = 101;
const TABLES = 300;

describe.each([false, true])('mixed repo, declarations hidden: %s', (hidden) => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await scoreFixture({ tables: TABLES, seed: SEED, hidden });
  });

  it('meets the bar overall and for every style in it', () => {
    expect(run.scores.hidden).toBe(hidden);
    expectBar(run.scores.overall, 'overall');
    for (const style of ALL_STYLES) expectBar(run.scores.byStyle[style], style);
  });

  it('is measured on real work: every table, many join keys and grains', () => {
    const o = run.scores.overall;
    expect(o.tableRecall.total).toBe(TABLES);
    expect(o.joinKeys.expected).toBeGreaterThan(50);
    expect(o.grain.total).toBeGreaterThan(TABLES / 2);
  });

  it('keeps precision too: no invented lineage or join keys', () => {
    expect(run.scores.overall.lineage.precision).toBeGreaterThanOrEqual(0.99);
    expect(run.scores.overall.joinKeys.precision).toBeGreaterThanOrEqual(0.95);
  });
});
