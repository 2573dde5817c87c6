import { z } from 'zod';
import { ColumnFact, ConsumerFact, Evidence, JoinKeyFact, OwnerFact, Source, TableKind } from './facts.js';

export const Grain = Evidence.extend({
  columns: z.array(z.string()),
  /** "one row per order_date and country" */
  statement: z.string(),
});
export type Grain = z.infer<typeof Grain>;

/** A record's join keys and columns are the linked facts themselves, one shape for both. */
export const JoinKey = JoinKeyFact;
export type JoinKey = JoinKeyFact;
export const Column = ColumnFact;
export type Column = ColumnFact;

export const SimilarTable = z.object({
  table: z.string(),
  reason: z.enum(['versioned-name', 'same-upstream', 'column-overlap', 'model']),
  score: z.number(),
});
export type SimilarTable = z.infer<typeof SimilarTable>;

export const UsageExample = z.object({ sql: z.string(), tier: z.string(), count: z.number().int() });

export const Usage = z.object({
  queries7d: z.number().int(),
  queries30d: z.number().int(),
  queries90d: z.number().int(),
  distinctUsers: z.number().int(),
  topUsers: z.array(z.object({ user: z.string(), count: z.number().int() })),
  topColumns: z.array(z.object({ column: z.string(), count: z.number().int() })),
  topFilters: z.array(z.object({ column: z.string(), count: z.number().int() })),
  joinedWith: z.array(
    z.object({ table: z.string(), count: z.number().int(), keys: z.array(z.string()) }),
  ),
  /** highest trust tier seen: dashboard | report | scheduled | adhoc */
  tier: z.string(),
  tierCounts: z.record(z.string(), z.number().int()),
  exploratoryQueries: z.number().int(),
  canonicalExamples: z.array(UsageExample),
  lastQueriedAt: z.string().nullable(),
});
export type Usage = z.infer<typeof Usage>;

export const Annotations = z.object({
  file: z.string(),
  description: z.string().optional(),
  caveats: z.array(z.string()).default([]),
  deprecated: z.boolean().default(false),
  replacedBy: z.string().optional(),
  criticality: z.string().optional(),
  freshness: z.string().optional(),
  pii: z.array(z.string()).default([]),
  columns: z.record(z.string(), z.string()).default({}),
});
export type Annotations = z.infer<typeof Annotations>;

export const Provenance = z.object({ source: Source, detail: z.string().optional() });

export const Conflict = z.object({
  field: z.string(),
  winner: z.object({ value: z.unknown(), source: Source }),
  loser: z.object({ value: z.unknown(), source: Source }),
});
export type Conflict = z.infer<typeof Conflict>;

export const RecordWarning = z.object({ file: z.string(), line: z.number().int().optional(), message: z.string() });

/**
 * One table, as exported (`grainline export`) and stored in LanceDB. The field set
 * follows the contract in docs/record.md; more fields are welcome, none may go.
 */
export const TableRecord = z.object({
  /** normalized (lower-case, unquoted) name: the LanceDB key */
  id: z.string(),
  /** name a SQL query would use, qualified as far as the repo determines */
  table: z.string(),
  kind: TableKind,
  aliases: z.array(z.string()),
  files: z.array(z.string()),
  upstream: z.array(z.string()),
  downstream: z.array(z.string()),
  consumers: z.array(ConsumerFact),
  columns: z.array(Column),
  grain: Grain.nullable(),
  joinKeys: z.array(JoinKey),
  owners: z.array(OwnerFact),
  description: z.string(),
  usage: Usage.nullable(),
  annotations: Annotations.nullable(),
  similarTables: z.array(SimilarTable),
  provenance: z.record(z.string(), Provenance),
  conflicts: z.array(Conflict),
  warnings: z.array(RecordWarning),
  tags: z.array(z.string()),
  fingerprint: z.string(),
  commit: z.string(),
  runId: z.string(),
  updatedAt: z.string(),
});
export type TableRecord = z.infer<typeof TableRecord>;
