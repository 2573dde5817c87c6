import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAnnotations } from '../../infra/git/annotations.js';
import { readUsageLogs } from '../../activities/usage-logs.js';
import { runDirect } from '../../cli/run-direct.js';
import { makeResolver } from '../../enrichers/usage/resolve-table.js';
import { runInput } from '../helpers/temporal-run.js';

/**
 * One in-process run (no Temporal) over the fuzz repo, in its own process so its
 * peak RSS is the run's alone: prints the summary, every warning of the run, and
 * the peak resident set size in MB (threads included: they share the process).
 */
const [repo, db, logs] = process.argv.slice(2);
const progress = { stage: 'start', shardsDone: 0, shards: 0 };
// the stage on stderr, so a run that stalls says where
const ticker = setInterval(() => process.stderr.write(`${Math.round(performance.now())} ms: ${JSON.stringify(progress)}\n`), 2000);
const summary = await runDirect(runInput(repo, db, { full: true, usagePaths: [logs] }), progress);
clearInterval(ticker);
const file = join(db, '_grainline', 'runs', summary.runId, 'warnings.jsonl');
const warnings = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
// the run keeps the first 100 warnings of each side input; their readers say them all, per file
warnings.push(...(await loadAnnotations(join(repo, 'annotations'))).warnings);
warnings.push(...(await readUsageLogs([logs], makeResolver([]), new Date())).warnings);
const usage = process.resourceUsage();
const cpuSeconds = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1e5) / 10;
process.stdout.write(JSON.stringify({ summary, warnings, maxRssMb: Math.round(usage.maxRSS / 1024), cpuSeconds }));
