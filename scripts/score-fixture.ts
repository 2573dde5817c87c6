/**
 * npx tsx scripts/score-fixture.ts --tables 1000 --seed 3 [--hidden] [--styles dbt,sql] [--json]
 * Generates a monorepo, runs the static pipeline in-process and prints the scores per style.
 */
import { parseArgs } from 'node:util';
import { parseStyles } from '../fixture/cli.js';
import { formatScores } from '../fixture/score-cli.js';
import { scoreFixture } from '../test/accuracy/score-fixture.js';

const { values: flags } = parseArgs({
  options: {
    tables: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    styles: { type: 'string' },
    hidden: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const run = await scoreFixture({ tables: Number(flags.tables), seed: Number(flags.seed), styles: parseStyles(flags.styles), hidden: flags.hidden });
if (flags.json) process.stdout.write(JSON.stringify(run.scores, null, 2) + '\n');
else {
  process.stdout.write(formatScores(run.scores));
  const perK = (ms: number) => ((ms / run.crawl.tables) * 1000 / 1000).toFixed(2);
  process.stdout.write(
    `\n${run.crawl.tables} tables, ${run.crawl.files} files, ${run.warnings.length} warnings; ` +
      `crawl ${(run.crawlMs / 1000).toFixed(1)}s (${perK(run.crawlMs)}s per 1,000 tables), merge ${(run.mergeMs / 1000).toFixed(1)}s\n`,
  );
}
