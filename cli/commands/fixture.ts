import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';

const wholeNumber = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${flag} takes a whole number, not '${v}'`);
  return n;
};

/** Input errors of the generator and scorer are the user's to fix: exit 2, one line. */
const asUserError = async <T>(fn: () => Promise<T> | T): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof UserError ? err : new UserError((err as Error).message);
  }
};

export function registerFixture(program: Command): void {
  program
    .command('fixture')
    .description('generate a realistic monorepo with ground truth, written beside it (<out>.truth.json)')
    .requiredOption('--out <dir>', 'where the repo goes')
    .requiredOption('--tables <n>', 'how many tables', wholeNumber('--tables'))
    .option('--seed <n>', 'the generator seed', wholeNumber('--seed'), 1)
    .option('--styles <list>', 'comma-separated: dbt,folder,sql,airflow,spark (default all)')
    .option('--hide-declarations', 'leave grain, join keys and owners undeclared, so only inference can find them', false)
    .option('--truth <file>', 'where the ground truth goes (outside --out)')
    .action(async (o) => {
      const { writeFixture } = await import('../../fixture/cli.js');
      process.stdout.write(await asUserError(() => writeFixture(o)));
    });
  program
    .command('score')
    .description('score an export against a fixture ground truth')
    .requiredOption('--truth <file>', 'the ground truth fixture wrote')
    .requiredOption('--export <file>', 'grainline export output (JSON Lines)')
    .option('--hidden', 'score as if declarations were hidden', false)
    .option('--declared', 'score as if declarations were present', false)
    .option('--json', 'JSON output', false)
    .action(async (o) => {
      const { scoreFiles } = await import('../../fixture/score-cli.js');
      process.stdout.write(await asUserError(() => scoreFiles(o)));
    });
}
