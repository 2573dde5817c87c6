// Usage log benchmark: 1M JSON Lines queries over ~1,000 tables through readUsageLogs.
// Runs the TypeScript sources through tsx, like the CLI:  node scripts/bench-usage.mjs [lines] [tables]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { register } from 'tsx/esm/api';

register();
const { readUsageLogs } = await import('../activities/usage-logs.ts');
const { makeResolver } = await import('../enrichers/usage/resolve-table.ts');

const LINES = Number(process.argv[2] ?? 1_000_000);
const TABLES = Number(process.argv[3] ?? 1_000);
const NOW = new Date('2024-06-30T12:00:00Z');
const DAY = 86_400_000;

// a small deterministic PRNG so every run writes the same log
let seed = 42;
const rand = (n) => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return seed % n;
};

function line(i) {
  const t = rand(TABLES);
  const u = rand(2_000);
  const ts = new Date(NOW.getTime() - rand(120) * DAY - rand(DAY)).toISOString();
  switch (i % 5) {
    case 0:
      return { query: `select a.day, b.region, sum(a.amount) from analytics.t${t} a join analytics.t${(t + 1) % TABLES} b on a.k${t % 7} = b.id where a.day >= '2024-0${1 + rand(6)}-1${rand(9)}' group by 1, 2`, user: `looker_${u % 20}`, timestamp: ts, dashboard: `d${t % 50}` };
    case 1:
      return { query: `select * from t${t} limit 10`, user: `user${u}`, timestamp: ts };
    case 2:
      return { query: `select count(*) from analytics.t${t} where status = '${rand(5)}'`, user: 'svc_etl', timestamp: ts, job: `job_${t}` };
    default:
      return { query: `select c${rand(20)}, c${rand(20)} from analytics.t${t} where c${rand(20)} > ${rand(1000)} and region = 'r${rand(30)}'`, user: `user${u}`, timestamp: ts };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-usage-'));
const file = join(dir, 'queries.jsonl');
const out = createWriteStream(file);
const genStart = performance.now();
for (let i = 0; i < LINES; i++) {
  if (!out.write(JSON.stringify(line(i)) + '\n')) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const genMs = performance.now() - genStart;
const rssAfterGen = process.resourceUsage().maxRSS;

const resolve = makeResolver(Array.from({ length: TABLES }, (_, i) => ({ id: `analytics.t${i}` })));
const start = performance.now();
const res = await readUsageLogs([file], resolve, NOW);
const ms = performance.now() - start;
const peak = process.resourceUsage().maxRSS;

console.log(
  JSON.stringify(
    {
      lines: LINES,
      tables: TABLES,
      fileMB: +(statSync(file).size / 1e6).toFixed(1),
      generateSeconds: +(genMs / 1000).toFixed(1),
      readSeconds: +(ms / 1000).toFixed(1),
      linesPerSecond: Math.round(LINES / (ms / 1000)),
      peakRssMB: +(peak / 1024).toFixed(0),
      peakRssAfterGenerateMB: +(rssAfterGen / 1024).toFixed(0),
      records: res.records,
      skipped: res.skipped,
      tablesWithUsage: res.usage.size,
      warnings: res.warnings.length,
      sample: res.usage.get('analytics.t7'),
    },
    null,
    2,
  ),
);
rmSync(dir, { recursive: true, force: true });
