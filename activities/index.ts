/** Every activity the worker registers: plain async functions, I/O only. */
// an unchanged commit's crawl is reused (crawl-memo.ts); the crawl itself is crawl.ts
export { crawlRepoOrReuse as crawlRepo } from './crawl-memo.js';
export { planRun } from './plan.js';
export { resolveTables } from './catalog-index.js';
export { aggregateUsage, resolveAnnotations } from './side-inputs.js';
export { enrichShardOnThread as enrichShard } from './enrich-pool.js';
export { writeRecords, recordRun } from './write.js';
export * from './model.js';
export * from './model-batch.js';
