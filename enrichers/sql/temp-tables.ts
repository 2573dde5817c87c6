import type { SqlStatementFacts } from './types.js';

/**
 * Tables of one script that are scratch space, not catalog tables: CREATE TEMP /
 * TEMPORARY / VOLATILE, `#name`, or created and later dropped by the same script.
 * created and renamed away (ALTER TABLE tmp RENAME TO final).
 * `DROP ... IF EXISTS` before the CREATE is the rebuild idiom and leaves a real table.
 */
export function scratchTables(stmts: SqlStatementFacts[]): Set<string> {
  const created = new Set<string>();
  const temps = new Set<string>();
  for (const s of stmts) {
    for (const d of s.drops ?? []) if (created.has(d)) temps.add(d);
    if (s.target && (s.temporary || s.target.startsWith('#'))) temps.add(s.target);
    if (s.target && s.kind.startsWith('create')) created.add(s.target);
    // built under a working name, then renamed into place: the working name was scratch
    if (s.renamedFrom && created.has(s.renamedFrom)) temps.add(s.renamedFrom);
  }
  return temps;
}
