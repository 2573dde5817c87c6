import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { UserError } from '../infra/errors.js';
import { setLimits } from '../enrichers/limits.js';
import { runSettings } from './options.js';
import { registerDiff } from './commands/diff.js';
import { registerEnrich } from './commands/enrich.js';
import { registerEval } from './commands/eval.js';
import { registerFixture } from './commands/fixture.js';
import { registerLineage } from './commands/lineage.js';
import { registerMcp } from './commands/mcp.js';
import { registerRead } from './commands/read.js';
import { registerRuns } from './commands/runs.js';
import { registerSchedule } from './commands/schedule.js';
import { registerServe } from './commands/serve.js';

export function buildProgram(): Command {
  const program = new Command('grainline')
    .description('one trustworthy, searchable description per table of a data-pipeline monorepo')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError();
  registerEnrich(program);
  registerRead(program);
  registerRuns(program);
  registerServe(program);
  registerSchedule(program);
  registerFixture(program);
  registerDiff(program);
  registerEval(program);
  registerMcp(program);
  registerLineage(program);
  return program;
}

/** Exit codes: 0 ok, 1 a rule fired or an unexpected failure, 2 a usage or input error. */
export async function main(argv: string[]): Promise<number> {
  try {
    // what this process reads itself (diff's annotations at a commit, eval's answer key) under the limits a run would carry
    setLimits(runSettings().config.limits);
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof UserError) {
      console.error(`grainline: ${err.message}`);
      return 2;
    }
    console.error(`grainline: ${await withCause(err)}`);
    if ((await import('../infra/config/resolve-config.js')).resolveSettings().debug) console.error(err);
    return 1;
  }
}

/**
 * Temporal reports a failed run as "Workflow execution failed" and keeps the reason
 * in the error's causes (workflow → activity → the activity's own error): say both.
 */
async function withCause(err: unknown): Promise<string> {
  const message = (err as Error)?.message ?? String(err);
  // loaded on this path only: every command's start pays for what main imports
  const { failureMessage } = await import('../workflows/pipeline.js');
  const reason = failureMessage(err);
  return reason && reason !== message ? `${message}: ${reason}` : message;
}

function packageVersion(): string {
  // ../package.json from cli/, one level more from the compiled dist/cli/
  const file = [new URL('../package.json', import.meta.url), new URL('../../package.json', import.meta.url)].find(existsSync)!;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
