import { z } from 'zod';

export const RunSummary = z.object({
  runId: z.string(),
  commit: z.string(),
  tables: z.number().int(),
  enriched: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  warnings: z.number().int(),
  /** warnings per code, e.g. { "sql-parse-failed": 12 } */
  warningCodes: z.record(z.string(), z.number().int()).default({}),
  /** the first warnings, as `file:line: code: message` */
  warningSample: z.array(z.string()).default([]),
  durationMs: z.number(),
});
export type RunSummary = z.infer<typeof RunSummary>;
export type RunSummaryInput = z.input<typeof RunSummary>;

export const RunRecord = RunSummary.extend({
  repo: z.string(),
  ref: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(['succeeded', 'failed']),
  lanceVersion: z.number().int().nullable(),
  /** the embedder the vectors were made with; readers embed queries the same way */
  embedder: z.string(),
  modelRequests: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cachedTokens: z.number().int(),
  estimatedCostUsd: z.number(),
  /** annotation entries the run loaded: a folder that suddenly holds none is worth a warning */
  annotations: z.number().int().default(0),
  /** why a failed run failed; null when it succeeded */
  error: z.string().nullable().default(null),
});
export type RunRecord = z.infer<typeof RunRecord>;
