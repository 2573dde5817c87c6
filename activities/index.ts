/** Every activity the worker registers: plain async functions, I/O only. */
export { crawlRepo } from './crawl.js';
export { planRun } from './plan.js';
export { resolveTables } from './catalog-index.js';
export { aggregateUsage, resolveAnnotations } from './side-inputs.js';
export { enrichShardOnThread as enrichShard } from './enrich-pool.js';
export { writeRecords, recordRun } from './write.js';
export * from './model.js';
export * from './model-batch.js';
