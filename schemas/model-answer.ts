import { z } from 'zod';
import { TableFact, UpstreamFact, Warning } from './facts.js';

/*
 * What the coding model must answer, as a zod schema that converts to a *strict*
 * json_schema: every field is required, "absent" is expressed as null or [], and
 * numbers carry no bounds (some OpenAI-compatible servers reject minimum/maximum);
 * the verifier clamps confidences instead.
 */
const Confidence = z.number().describe('how sure you are, from 0 to 1');
const TableClaim = z.object({ table: z.string(), confidence: Confidence });

export const ModelAnswer = z.object({
  grain: z
    .object({
      columns: z.array(z.string()).describe('columns that identify one row'),
      statement: z.string().describe('"one row per ..."'),
      confidence: Confidence,
    })
    .nullable(),
  joinKeys: z.array(
    z.object({
      columns: z.array(z.string()),
      table: z.string().describe('the other table'),
      refColumns: z.array(z.string()),
      confidence: Confidence,
    }),
  ),
  upstream: z.array(TableClaim).describe('tables this table reads'),
  downstream: z.array(TableClaim).describe('tables that read this table'),
  owners: z.array(z.object({ id: z.string(), kind: z.enum(['user', 'team']), confidence: Confidence })),
  similarTables: z.array(TableClaim),
  description: z.string().describe('what the table is for, in two or three sentences'),
  caveats: z.array(z.string()).describe('what a newcomer must know, e.g. "excludes logged-out users"'),
});
export type ModelAnswer = z.infer<typeof ModelAnswer>;

export const RejectedClaim = z.object({ claim: z.string(), reason: z.string() });
export type RejectedClaim = z.infer<typeof RejectedClaim>;

export const TokenUsage = z.object({ input: z.number().int(), output: z.number().int(), cached: z.number().int() });
export type TokenUsage = z.infer<typeof TokenUsage>;

/**
 * One line of `${runDir}/model/<shard>.jsonl`. `fact` holds what TableFact can carry
 * (source 'model', detail = model name); the rest of the verified answer that has no
 * place in a TableFact travels next to it for the merge.
 */
export const ModelResult = z.object({
  id: z.string(),
  fingerprint: z.string(),
  fact: TableFact.nullable(),
  grainStatement: z.string().nullable().default(null),
  caveats: z.array(z.string()).default([]),
  /** verified "X reads this table" claims, by catalog id */
  downstream: z.array(UpstreamFact).default([]),
  similarTables: z.array(z.object({ table: z.string(), reason: z.literal('model'), score: z.number() })).default([]),
  rejected: z.array(RejectedClaim),
  warnings: z.array(Warning),
  tokens: TokenUsage,
  requests: z.number().int(),
  /** true when the fingerprint was unchanged and the previous result was carried over */
  reused: z.boolean().default(false),
  /** answered through the Batch API (half price) */
  batch: z.boolean().default(false),
});
export type ModelResult = z.infer<typeof ModelResult>;
