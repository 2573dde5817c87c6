import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';

const number = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UserError(`${flag} takes a number, not '${v}'`);
  return n;
};

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('how far to trust the inferences: enrich a blind copy of the repo (declared grain, join keys and some owners removed) and score what comes back')
    .requiredOption('--repo <path>', 'the data-pipeline monorepo (a git repository)')
    .option('--ref <ref>', 'branch, tag or commit to read', 'HEAD')
    .option('--holdout <fraction>', 'share of tables whose declared owners are removed', number('--holdout'), 0.25)
    .option('--seed <n>', 'which tables are held out', number('--seed'), 1)
    .option('--misses <n>', 'misses listed per measure (all in --json)', number('--misses'), 15)
    .option('--work <dir>', 'keep the blind copy and its catalog in this folder')
    .option('--json', 'print one JSON report', false)
    .action(async (o) => {
      const { runEval } = await import('../eval/run-eval.js');
      const log = o.json ? undefined : (line: string) => console.error(`grainline: ${line}`);
      const result = await runEval({ repo: o.repo, ref: o.ref, holdout: o.holdout, seed: o.seed, work: o.work, log });
      if (o.json) console.log(JSON.stringify(result));
      else {
        const { formatEval } = await import('../eval/print.js');
        console.log(formatEval(result, o.misses));
      }
    });
}
