/**
 * npx tsx scripts/score-fixture.ts --tables 1000 --seed 3 [--hidden] [--styles dbt,sql] [--json]
 * Generates a monorepo, runs the static pipeline in-process and prints the scores per style.
 */
import { intFlag, parseFlags } from '../fixture/args.js';
import { formatScores } from '../fixture/score-cli.js';
import { ALL_STYLES, type Style } from '../fixture/truth.js';
import { scoreFixture } from '../test/accuracy/score-fixture.js';

const flags = parseFlags(process.argv.slice(2), ['hidden', 'json']);
const styles = flags.get('styles')?.split(',').map((s) => s.trim()) as Style[] | undefined;
for (const s of styles ?? []) if (!ALL_STYLES.includes(s)) throw new Error(`unknown style ${s}`);
const tables = intFlag(flags, 'tables', 1000);
const run = await scoreFixture({ tables, seed: intFlag(flags, 'seed', 1), styles, hidden: flags.has('hidden') });
if (flags.has('json')) process.stdout.write(JSON.stringify(run.scores, null, 2) + '\n');
else {
  process.stdout.write(formatScores(run.scores));
  const perK = (ms: number) => ((ms / run.crawl.tables) * 1000 / 1000).toFixed(2);
  process.stdout.write(
    `\n${run.crawl.tables} tables, ${run.crawl.files} files, ${run.warnings.length} warnings; ` +
      `crawl ${(run.crawlMs / 1000).toFixed(1)}s (${perK(run.crawlMs)}s per 1,000 tables), merge ${(run.mergeMs / 1000).toFixed(1)}s\n`,
  );
}
