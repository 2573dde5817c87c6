import { z } from 'zod';
import { JoinKeyFact, TableFact, TableKind, Warning } from './facts.js';
import { SimilarTable } from './table-record.js';

/**
 * One table after the crawl has linked every file's facts: names resolved to catalog
 * ids, downstream computed as the inverse of upstream, joins mirrored onto both sides.
 * This is the input of the per-table enrichers (owners, usage, annotations, model) and
 * of the merge. Stored as JSON Lines in the run folder; workflows only pass paths.
 */
export const CatalogEntry = z.object({
  id: z.string(),
  table: z.string(),
  kind: TableKind,
  aliases: z.array(z.string()),
  files: z.array(z.string()),
  /** every fact any file stated about this table, upstream names resolved to ids */
  facts: z.array(TableFact),
  upstream: z.array(z.string()),
  downstream: z.array(z.string()),
  joinKeys: z.array(JoinKeyFact),
  warnings: z.array(Warning),
  similar: z.array(SimilarTable).default([]),
  /** hash of everything that feeds this table's enrichment; unchanged → skip */
  fingerprint: z.string(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;
