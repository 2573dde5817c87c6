import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';
import { countsLine } from '../../enrichers/warnings-summary.js';
import type { RunRecord } from '../../schemas/run-record.js';
import { dbUriFrom, positiveIntOption } from '../options.js';
import { catalogMustExist } from './read.js';

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('past runs, newest first: status, start, duration, counts, warnings and why a run failed')
    .option('--db <uri>', 'LanceDB folder or URI')
    .option('--run <id>', 'one run in full, with its warning sample')
    .option('--limit <n>', 'how many runs', positiveIntOption('--limit'), 20)
    .option('--json', 'JSON output', false)
    .action(async (o) => {
      const dbUri = dbUriFrom(o.db);
      catalogMustExist(dbUri);
      const lancedb = await import('@lancedb/lancedb');
      const { listRunRecords } = await import('../../infra/store/lance-store.js');
      const runs = (await listRunRecords(await lancedb.connect(dbUri))).reverse();
      if (o.run) {
        const run = runs.find((r) => r.runId === o.run);
        if (!run) throw new UserError(`no run '${o.run}' in ${dbUri} (grainline runs lists them)`);
        console.log(o.json ? JSON.stringify(run) : runDetail(run));
        return;
      }
      const shown = runs.slice(0, o.limit);
      if (o.json) console.log(JSON.stringify(shown));
      else if (!shown.length) console.log(`no runs recorded in ${dbUri}`);
      else for (const r of shown) console.log(runLine(r));
    });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function runLine(r: RunRecord): string {
  const what = r.status === 'failed' ? `FAILED: ${r.error ?? 'unknown'}` : `${r.enriched} enriched, ${r.skipped} unchanged, ${r.failed} failed, ${countsLine(r.warningCodes)}`;
  return `${r.runId}  ${r.status.padEnd(9)}  ${r.startedAt}  ${seconds(r.durationMs).padStart(7)}  ${r.tables} tables  ${what}`;
}

function runDetail(r: RunRecord): string {
  const lines = [
    `run ${r.runId}: ${r.status}`,
    `repo ${r.repo} at ${r.ref}${r.commit ? ` (${r.commit.slice(0, 12)})` : ''}`,
    `started ${r.startedAt}, finished ${r.finishedAt}, ${seconds(r.durationMs)}`,
  ];
  if (r.error) lines.push(`error: ${r.error}`);
  lines.push(`${r.tables} tables: ${r.enriched} enriched, ${r.skipped} unchanged, ${r.failed} failed`);
  if (r.modelRequests) lines.push(`model: ${r.modelRequests} requests, ${r.inputTokens} in / ${r.outputTokens} out tokens, ~$${r.estimatedCostUsd.toFixed(2)}`);
  lines.push(countsLine(r.warningCodes));
  for (const w of r.warningSample) lines.push(`  ${w}`);
  return lines.join('\n');
}
