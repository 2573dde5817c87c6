/** The workflows the worker bundles. Deterministic orchestration only. */
export { enrichWorkflow, progressQuery } from './enrich.js';
export { modelEnrichmentWorkflow } from './model-enrichment.js';
export { enrichShardsWorkflow, shardsDoneSignal } from './shards.js';
