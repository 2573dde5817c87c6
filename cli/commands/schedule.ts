import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';
import { addModelOptions, modelFromOptions } from '../model-options.js';
import { addDbtOptions, dbtFromOptions, dbUriFrom, stateDirFor } from '../options.js';

const ACTIONS = ['create', 'describe', 'trigger', 'pause', 'unpause', 'delete'];

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerSchedule(program: Command): void {
  const cmd = program
    .command('schedule')
    .description('manage the nightly Temporal Schedule (cron and timezone from temporal.config.ts)')
    .argument('<action>', 'create | describe | trigger | pause | unpause | delete')
    .option('--repo <path>', 'repository the nightly run reads (create)')
    .option('--branch <name>', 'branch whose head each run reads (create)', 'HEAD')
    .option('--db <uri>', 'LanceDB folder or URI')
    .option('--usage <path>', 'query logs for each run (create, repeatable)', collect, [])
    .option('--annotations <dir>', 'human annotations folder for each run (create)')
    .option('--full', 're-enrich every table each night, whatever changed (create)', false)
    .option('--json', 'JSON output', false);
  addDbtOptions(addModelOptions(cmd)).action(async (action: string, o) => {
      if (!ACTIONS.includes(action)) throw new UserError(`unknown schedule action '${action}' (${ACTIONS.join(', ')})`);
      const dbUri = dbUriFrom(o.db);
      const { checkNightlyTarget, ensureNightlySchedule, triggerNightly } = await import('../schedule.js');
      let target;
      if (action === 'create') {
        if (!o.repo) throw new UserError('schedule create needs --repo');
        const { model, modelMode } = modelFromOptions(o);
        target = { repo: o.repo, branch: o.branch, dbUri, usagePaths: o.usage, annotationsDir: o.annotations, model, modelMode, full: o.full, dbt: dbtFromOptions(o) };
        await checkNightlyTarget(target);
      }
      const { openTemporal } = await import('../temporal-runtime.js');
      const t = await openTemporal({ stateDir: stateDirFor(dbUri) });
      try {
        const { client, config } = t;
        const handle = client.schedule.getHandle(config.nightly.scheduleId);
        let out: unknown;
        switch (action) {
          case 'create':
            out = { schedule: config.nightly.scheduleId, result: await ensureNightlySchedule(client, config, target!) };
            break;
          case 'describe': {
            const d = await handle.describe().catch((err) => {
              if ((err as Error).name === 'ScheduleNotFoundError') {
                throw new UserError(`no schedule '${config.nightly.scheduleId}' on ${t.embedded ? `the embedded server of ${dbUri}` : t.address}: create it with \`grainline schedule create\` (or \`grainline up\`) and the same --db / TEMPORAL_ADDRESS`);
              }
              throw err;
            });
            // what the server holds, not what this shell's config says
            const input = d.action.type === 'startWorkflow' ? (d.action.args?.[0] as Record<string, unknown> | undefined) : undefined;
            const model = input?.model as { model?: string } | null | undefined;
            out = {
              schedule: d.scheduleId,
              paused: d.state.paused,
              calendars: d.spec.calendars ?? [],
              timezone: d.spec.timezone,
              repo: input?.repo,
              branch: input?.ref,
              db: input?.dbUri,
              model: model?.model ?? null,
              modelMode: input?.modelMode ?? 'sync',
              full: !!input?.full,
              usage: input?.usagePaths ?? [],
              annotations: input?.annotationsDir,
              dbt: input?.dbt,
              nextRuns: d.state.paused ? [] : d.info.nextActionTimes.slice(0, 3).map((x) => x.toISOString()),
              recentRuns: d.info.recentActions.map((a) => a.takenAt.toISOString()),
            };
            break;
          }
          case 'trigger':
            await triggerNightly(handle);
            out = { triggered: config.nightly.scheduleId };
            break;
          case 'pause':
            await handle.pause('paused from the grainline CLI');
            out = { paused: config.nightly.scheduleId };
            break;
          case 'unpause':
            await handle.unpause('unpaused from the grainline CLI');
            out = { unpaused: config.nightly.scheduleId };
            break;
          case 'delete':
            await handle.delete();
            out = { deleted: config.nightly.scheduleId };
            break;
          default:
            throw new UserError(`unknown schedule action '${action}' (create, describe, trigger, pause, unpause, delete)`);
        }
        console.log(o.json ? JSON.stringify(out) : Object.entries(out as object).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join('\n'));
      } finally {
        await t.close();
      }
    });
}
