/**
 * Tokens per table from the model context builder on a generated monorepo:
 *   npx tsx test/model/measure-context-tokens.ts [tables=400] [budget=6000]
 * Generates the fixture repo, crawls it with the real crawl, then builds every table's
 * context exactly as the model activity would (redaction included) and prints the
 * median and p95 of the estimated prompt tokens (system prompt included).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMonorepo } from '../../fixture/generate.js';
import { crawlRepo } from '../../activities/crawl.js';
import { buildIndex, loadCatalogView, readShard } from '../../infra/model/model-io.js';
import { prepareTable } from '../../infra/model/model-prepare.js';
import { defaultModelConfig } from '../../enrichers/model/config.js';
import { estimateTokens } from '../../enrichers/model/context.js';
import { chatRequestBody } from '../../enrichers/model/prompt.js';

const tables = Number(process.argv[2] ?? 400);
const budget = Number(process.argv[3] ?? 6000);
const repo = mkdtempSync(join(tmpdir(), 'grainline-tokens-repo-'));
const runDir = mkdtempSync(join(tmpdir(), 'grainline-tokens-run-'));
await generateMonorepo({ out: repo, tables, seed: 7 });
await crawlRepo({ repo, ref: 'HEAD', runDir, maxFileBytes: 1_000_000 });
const shardPaths = readdirSync(join(runDir, 'catalog')).map((f) => join(runDir, 'catalog', f));
await buildIndex(runDir, shardPaths);
const view = await loadCatalogView(runDir);
const config = defaultModelConfig({ tokenBudget: budget });
const counts: number[] = [];
const contextOnly: number[] = [];
let truncatedCode = 0;
for (const p of shardPaths)
  for (const e of await readShard(p)) {
    const prepared = await prepareTable(e, view, repo, config);
    if (prepared.code.length === 0) continue;
    const body = chatRequestBody(config, prepared.context);
    const prompt = body.messages.map((m) => String(m.content)).join('\n');
    counts.push(estimateTokens(prompt) + estimateTokens(JSON.stringify(body.response_format)));
    contextOnly.push(estimateTokens(prepared.context));
    if (prepared.context.includes('more lines truncated]')) truncatedCode++;
  }
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s.at(-1) };
};
console.log(
  JSON.stringify({ tablesWithCode: counts.length, budget, prompt: stats(counts), contextOnly: stats(contextOnly), truncated: truncatedCode }),
);
