// One run of the pipeline in-process without Temporal (runDirect), as a child of the
// benchmark so its wall time, CPU time and peak RSS are its own. Prints one JSON line.
import { runDirect } from '../cli/run-direct.js';
import type { EnrichInput } from '../workflows/pipeline.js';
import { procStats } from './bench-proc.js';

const input = JSON.parse(process.argv[2]) as EnrichInput;
const started = performance.now();
const summary = await runDirect(input);
const wallSeconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ summary, wallSeconds, ...procStats(process.pid) }));
