import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';
import { normalizeName } from '../../enrichers/names.js';
import { addModelOptions, addWaitOption, commonRunOptions, modelFromOptions } from '../model-options.js';
import { addDbtOptions, dbtFromOptions, dbUriFrom, stateDirFor } from '../options.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/** One workflow id per table: a second backfill of the same table is refused, not raced. */
export const backfillWorkflowId = (table: string) => `grainline-backfill-${normalizeName(table)}`;

export function registerServe(program: Command): void {
  program
    .command('worker')
    .description('a long-running worker for a Temporal cluster (TEMPORAL_ADDRESS) or the embedded server')
    .option('--db <uri>', 'LanceDB folder or URI (for the embedded server state)')
    .option('--work-dir <dir>', "this worker's own folder: its repo mirrors and caches (GRAINLINE_WORKER_DIR)")
    .action(async (o) => {
      const { openTemporal } = await import('../temporal-runtime.js');
      const { createWorker } = await import('../worker.js');
      const { setWorkerDirFlag, workerDirFor } = await import('../../infra/config/worker-dir.js');
      setWorkerDirFlag(o.workDir);
      // a worker given a dir of its own and no db keeps even its workflow bundle there
      const { resolveSettings } = await import('../../infra/config/resolve-config.js');
      const own = o.db === undefined && (o.workDir ?? resolveSettings().workerDir) !== undefined;
      const t = await openTemporal({ stateDir: own ? workerDirFor() : stateDirFor(dbUriFrom(o.db)), publish: true });
      const worker = await createWorker(t);
      console.error(`grainline: worker polling task queue '${t.config.taskQueue}' in namespace '${t.config.namespace}'`);
      try {
        await worker.run(); // Worker installs SIGINT/SIGTERM handlers and drains on them
      } finally {
        await t.close();
      }
    });

  const up = program
    .command('up')
    .description('single-node mode: Temporal (embedded or TEMPORAL_ADDRESS), a worker and the nightly schedule')
    .requiredOption('--repo <path>', 'the repository the nightly run reads')
    .option('--branch <name>', 'branch whose head each run reads', 'HEAD')
    .option('--db <uri>', 'LanceDB folder or URI')
    .option('--usage <path>', 'query logs for each run (repeatable)', collect, [])
    .option('--annotations <dir>', 'human annotations folder (default: annotations/ in the repo)')
    .option('--full', 're-enrich every table each night, whatever changed', false)
    .option('--ui', "serve Temporal's web UI on a local port and print its address", false);
  addDbtOptions(addModelOptions(up)).action(async (o) => {
      const dbUri = dbUriFrom(o.db);
      const { checkNightlyTarget, ensureNightlySchedule, watchNightlyRuns } = await import('../schedule.js');
      const { model, modelMode } = modelFromOptions(o);
      const target = { repo: o.repo, branch: o.branch, dbUri, usagePaths: o.usage, annotationsDir: o.annotations, model, modelMode, full: o.full, dbt: dbtFromOptions(o) };
      await checkNightlyTarget(target);
      const { openTemporal } = await import('../temporal-runtime.js');
      const { createWorker } = await import('../worker.js');
      const t = await openTemporal({ stateDir: stateDirFor(dbUri), publish: true, ui: o.ui });
      const worker = await createWorker(t);
      const result = await ensureNightlySchedule(t.client, t.config, target);
      if (o.ui) console.error(`grainline: Temporal UI at ${t.uiAddress ?? '(not served: the server is not embedded; use your cluster\'s UI)'}`);
      console.error(
        `grainline: schedule '${t.config.nightly.scheduleId}' ${result} (${t.config.nightly.cron} ${t.config.nightly.timezone}` +
          `${model ? `, model ${model.model}` : ', static only'}); serving${t.embedded ? ` on embedded Temporal ${t.address}` : ''} until stopped`,
      );
      const unwatch = watchNightlyRuns(t.client, t.config.nightly.scheduleId, (line) => console.error(`grainline: ${line}`));
      try {
        await worker.run();
      } finally {
        unwatch();
        await t.close();
      }
    });

  const backfill = program
    .command('backfill')
    .description('re-enrich one table now, ignoring caches')
    .requiredOption('--table <name>', 'the table')
    .option('--with-downstream', 'also re-enrich everything that reads it', false)
    .option('--repo <path>', 'the repository', '.')
    .option('--ref <ref>', 'branch, tag or commit', 'HEAD')
    .option('--db <uri>', 'LanceDB folder or URI')
    .option('--usage <path>', 'query logs (repeatable)', collect, [])
    .option('--json', 'print one JSON summary object', false);
  addDbtOptions(addWaitOption(addModelOptions(backfill))).action(async (o) => {
      try {
        const { runEnrichment } = await import('../run-enrichment.js');
        const summary = await runEnrichment({
          ...commonRunOptions(o),
          dbt: dbtFromOptions(o),
          tables: [o.table],
          force: [o.table],
          withDownstream: o.withDownstream,
          workflowId: backfillWorkflowId(o.table),
        });
        if (o.json) console.log(JSON.stringify(summary));
        else console.log(`backfilled ${summary.enriched} table(s) at ${summary.commit.slice(0, 12)}`);
      } catch (err) {
        const { WorkflowExecutionAlreadyStartedError } = await import('@temporalio/client');
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          throw new UserError(`a backfill of '${o.table}' is already running`);
        }
        throw err;
      }
    });
}
