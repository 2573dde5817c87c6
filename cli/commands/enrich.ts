import type { Command } from 'commander';
import { countsLine } from '../../enrichers/warnings-summary.js';
import type { RunSummary } from '../../schemas/run-record.js';
import { addModelOptions, addWaitOption, commonRunOptions } from '../model-options.js';
import { addDbtOptions, dbtFromOptions } from '../options.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerEnrich(program: Command): void {
  const cmd = program
    .command('enrich')
    .description('enrich every table of a repo at a commit and upsert the descriptions into LanceDB')
    .requiredOption('--repo <path|url>', 'the data-pipeline monorepo: a git repository path, or a URL every worker can fetch')
    .option('--ref <ref>', 'branch, tag or commit to read', 'HEAD')
    .option('--db <uri>', 'LanceDB folder or URI (default .grainline/db, or GRAINLINE_DB)')
    .option('--full', 're-enrich every table, ignoring fingerprints', false)
    .option('--table <name>', 'enrich only this table (repeatable)', collect, [])
    .option('--usage <path>', 'query log file or folder: JSON Lines or CSV (repeatable)', collect, [])
    .option('--annotations <dir>', 'human annotations folder (default: annotations/ in the repo)')
    .option('--json', 'print one JSON summary object', false)
    .option('--submit-only', "start the run on a cluster's workers (TEMPORAL_ADDRESS) and wait for its summary, running no worker here", false);
  addDbtOptions(addWaitOption(addModelOptions(cmd))).action(async (o) => {
      const { runEnrichment } = await import('../run-enrichment.js');
      const summary = await runEnrichment({
        ...commonRunOptions(o),
        full: o.full,
        tables: o.table,
        annotationsDir: o.annotations,
        dbt: dbtFromOptions(o),
        submitOnly: o.submitOnly,
      });
      // the wall time a user waited: the run itself plus starting Temporal and the worker
      const wallMs = Math.round(performance.now());
      if (o.json) console.log(JSON.stringify({ ...summary, wallMs }));
      else {
        console.log(
          `enriched ${summary.enriched} of ${summary.tables} tables at ${summary.commit.slice(0, 12)} ` +
            `(${summary.skipped} unchanged, ${summary.failed} failed, ${summary.warnings} warnings) in ${(wallMs / 1000).toFixed(1)}s`,
        );
      }
      printWarnings(summary);
    });
}

/** On stderr, so `--json` stays one object: what kinds of warnings, and the first few in full. */
export function printWarnings(summary: RunSummary): void {
  if (!summary.warnings) return;
  console.error(`grainline: ${countsLine(summary.warningCodes)}; the first:`);
  for (const line of summary.warningSample.slice(0, 5)) console.error(`  ${line}`);
  console.error(`  (counts and sample: grainline runs --run ${summary.runId})`);
}
