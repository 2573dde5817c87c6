import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';
import { statePaths } from '../../infra/run-folder/run-paths.js';
import { parseRules, RULES, violations } from '../diff/rules.js';
import { modelFromOptions } from '../model-options.js';
import { dbUriFrom, stateDirFor } from '../options.js';

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description(
      'what a change does to the tables\' descriptions: between two git refs (a pull request), ' +
        'or between two LanceDB versions (--db --from)',
    )
    .option('--repo <path>', 'the repository (git refs mode)', '.')
    .option('--base <ref>', 'the ref the change starts from, e.g. origin/main')
    .option('--head <ref>', 'the ref with the change', 'HEAD')
    .option('--db <uri>', 'LanceDB folder or URI: the catalog to compare versions of; with --model, its runs\' model cache')
    .option('--from <version>', 'LanceDB version number, tag or run id to compare from (versions mode)')
    .option('--to <version>', 'version number, tag or run id to compare to (default: the latest)')
    .option('--format <format>', 'markdown (a pull-request comment) | json', 'markdown')
    .option('--fail-on <rules>', `exit 1 when one of these fires (comma-separated): ${Object.entries(RULES).map(([k, v]) => `${k} (${v})`).join('; ')}`)
    .option('--model [name]', 'also ask the coding model (default GRAINLINE_MODEL) about the changed tables, reusing the nightly answers of --db')
    .action(async (o) => {
      if (o.format !== 'markdown' && o.format !== 'json') throw new UserError(`--format must be markdown or json, not '${o.format}'`);
      const rules = parseRules(o.failOn);
      let report;
      if (o.from !== undefined) {
        const { diffVersions } = await import('../diff/versions-diff.js');
        report = await diffVersions(dbUriFrom(o.db), o.from, o.to);
      } else {
        if (!o.base) throw new UserError('give --base REF (and --head REF), or --db DIR --from VERSION');
        const repo = resolve(o.repo);
        if (!existsSync(repo)) throw new UserError(`repository path does not exist: ${repo}`);
        const { diffRefs } = await import('../diff/refs-diff.js');
        const progress = (line: string) => console.error(`grainline: ${line}`);
        report = await diffRefs({ repo, base: o.base, head: o.head, modelFacts: o.model ? await modelOption(o.model, o.db) : undefined, progress });
      }
      const failed = violations(report.tables, rules);
      if (o.format === 'json') console.log(JSON.stringify({ ...report, failed }, null, 2));
      else process.stdout.write((await import('../diff/markdown.js')).renderMarkdown(report, failed));
      if (failed.length) process.exitCode = 1;
    });
}

async function modelOption(name: string | true, db: string | undefined) {
  const { model } = modelFromOptions({ model: name === true ? undefined : name, modelMode: 'sync', quiet: true });
  if (!model) throw new UserError('--model needs a model server: set OPENAI_API_KEY or OPENAI_BASE_URL');
  const { modelFactsWith } = await import('../diff/model-facts.js');
  return modelFactsWith(model, statePaths(stateDirFor(dbUriFrom(db))).modelFingerprints);
}
