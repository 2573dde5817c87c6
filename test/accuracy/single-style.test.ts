/**
 * One generated repo per source style, declarations present and hidden: a style's
 * figures must hold without the other styles around it. Seeds differ from the tuning ones.
 */
import { describe, it } from 'vitest';
import { ALL_STYLES } from '../../fixture/truth.js';
import { scoreFixture } from './score-fixture.js';
import { expectBar } from './thresholds.js';

const SEED = 202;
const TABLES = 100;

describe.each(ALL_STYLES.map((s) => [s]))('%s-only repo', (style) => {
  it.each([false, true])('meets the bar, declarations hidden: %s', async (hidden) => {
    const run = await scoreFixture({ tables: TABLES, seed: SEED, styles: [style], hidden });
    expectBar(run.scores.byStyle[style], `${style}${hidden ? ' hidden' : ''}`);
  });
});
