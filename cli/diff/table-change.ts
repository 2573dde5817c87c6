import type { ColumnChanges } from './columns.js';
import type { DiffLine } from './line-diff.js';

/** What one table's enrichment changes between two snapshots (refs or LanceDB versions). */
export interface TableChange {
  id: string;
  table: string;
  kind: string;
  status: 'added' | 'removed' | 'changed';
  upstream: { added: string[]; removed: string[] };
  /** names it reads that were defined before and are defined nowhere now */
  missingUpstream: string[];
  grain: { before: string | null; after: string | null } | null;
  /** the SQL's grain no longer matches the declared one (tests, constraints, annotations): its unique test will fail */
  grainMismatch?: { declared: string[]; actual: string[] };
  joinKeys: { added: string[]; removed: string[] };
  /** declared owners only (annotations, metadata, dbt meta and groups, CODEOWNERS) */
  owners: { added: string[]; removed: string[]; primary: { before: string | null; after: string | null } | null };
  /** the top inferred owner (git history, nearby evidence) when it changed and declared ones did not: shown, never a failure */
  inferredOwner?: { before: string | null; after: string | null };
  conflicts: string[];
  description: { before: string; after: string; diff: DiffLine[] } | null;
  /** columns added, removed, renamed, retyped, and readers a removed one breaks */
  columns?: ColumnChanges | null;
  /** tables that read it, and the exposures and dashboards that use it (head side, else base) */
  readers?: { tables: string[]; consumers: string[] };
}

export interface Snapshot {
  /** a git ref or a LanceDB version / tag, as the user gave it */
  ref: string;
  /** the commit, or the LanceDB version number */
  id: string;
}

export interface DiffReport {
  base: Snapshot;
  head: Snapshot;
  tables: TableChange[];
}
