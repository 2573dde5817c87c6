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
  joinKeys: { added: string[]; removed: string[] };
  owners: { added: string[]; removed: string[]; primary: { before: string | null; after: string | null } | null };
  conflicts: string[];
  description: { before: string; after: string; diff: DiffLine[] } | null;
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
