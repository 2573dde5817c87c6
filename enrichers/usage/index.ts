export { UsageAccumulator, type UsageAccumulatorOptions } from './accumulator.js';
export { normalizeLogRecord, type QueryLogRecord } from './log-record.js';
export { usageJoinKeys } from './join-keys.js';
export { makeResolver, type TableResolver } from './resolve-table.js';
export { isExploratory } from './exploratory.js';
export { normalizeSql } from './normalize-sql.js';
export { USAGE_TIERS, type UsageTier } from './tiers.js';
