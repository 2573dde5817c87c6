import type { TableRecord } from '../schemas/table-record.js';
import { sqlString } from '../infra/store/lance-store.js';
import { ownerKey } from '../enrichers/merge/owners.js';

export interface SearchFilters {
  /** one kind or any of several, e.g. 'dbt model' */
  kind?: string | string[];
  /** a user or team id as the owners list writes it (`@org/team`, `org/team`, `team` or an email) */
  owner?: string;
  /** a LanceDB SQL predicate over the stored columns, e.g. "kind = 'dbt model'" */
  where?: string;
}

/**
 * What LanceDB can filter before ranking. Owners are stored as JSON text, so the owner
 * test here is a substring superset; `matchesFilters` makes it exact afterwards.
 */
export function predicateOf(f: SearchFilters): string | undefined {
  const parts: string[] = [];
  const kinds = f.kind === undefined ? [] : [f.kind].flat();
  if (kinds.length) parts.push(`kind IN (${kinds.map(sqlString).join(', ')})`);
  if (f.owner) parts.push(`lower(owners) LIKE ${sqlString(`%${ownerKey(f.owner)}%`)}`);
  if (f.where) parts.push(`(${f.where})`);
  return parts.length ? parts.join(' AND ') : undefined;
}

export function matchesFilters(r: Pick<TableRecord, 'owners'>, f: SearchFilters): boolean {
  if (!f.owner) return true;
  const want = ownerKey(f.owner);
  return r.owners.some((o) => {
    const key = ownerKey(o.id);
    return key === want || key.endsWith(`/${want}`);
  });
}
