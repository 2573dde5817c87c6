import type { Command } from 'commander';

/** The generator and scorer parse their own flags; these commands hand them over. */
export function registerFixture(program: Command): void {
  program
    .command('fixture')
    .description('generate a realistic monorepo with ground truth (--tables N --seed S --out DIR)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      const { fixtureMain } = await import('../../fixture/cli.js');
      process.exitCode = await fixtureMain(args);
    });
  program
    .command('score')
    .description('score an export against a fixture ground truth (--truth FILE --export FILE)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      const { scoreMain } = await import('../../fixture/score-cli.js');
      process.exitCode = await scoreMain(args);
    });
}
