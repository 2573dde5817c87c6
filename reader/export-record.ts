import type { TableRecord } from '../schemas/table-record.js';

/**
 * The export contract's field order (docs/record.md): the fields other tools rely
 * on first, then the rest of the record.
 */
export function exportRecord(r: TableRecord): Record<string, unknown> {
  const { table, kind, files, upstream, downstream, grain, joinKeys, owners, description, usage, annotations,
    similarTables, provenance, conflicts, fingerprint, commit, ...rest } = r;
  return { table, kind, files, upstream, downstream, grain, joinKeys, owners, description, usage, annotations,
    similarTables, provenance, conflicts, fingerprint, commit, ...rest };
}
