import type { OwnerFact, Source } from '../../schemas/facts.js';
import type { CatalogEntry } from '../../schemas/catalog.js';

/** What the owner inferences read of one catalog entry. */
export interface OwnerTable {
  id: string;
  kind: string;
  files: string[];
  upstream: string[];
  downstream: string[];
  tags: string[];
  /** owners this table's own definition declares (metadata, dbt meta or group, DDL): not CODEOWNERS, not a DAG */
  declared: OwnerFact[];
  /** owners the scheduler that runs it names (Airflow owner / email) */
  scheduled: OwnerFact[];
}

/**
 * Sources that name the owner of one table. CODEOWNERS names who reviews a path and an
 * Airflow owner who runs a DAG: both are about many tables at once, so neither counts
 * as the table declaring its owner (nor as a sibling's declaration to copy).
 */
const TABLE_LEVEL: ReadonlySet<Source> = new Set<Source>(['annotation', 'metadata-yaml', 'dbt-yaml', 'manifest', 'ddl']);

export const isTableLevel = (o: OwnerFact): boolean => TABLE_LEVEL.has(o.source);

export function ownerTable(e: CatalogEntry): OwnerTable {
  const tags = [...new Set(e.facts.flatMap((f) => f.tags))];
  const owners = e.facts.flatMap((f) => f.owners);
  return {
    id: e.id,
    kind: e.kind,
    files: e.files,
    upstream: e.upstream,
    downstream: e.downstream,
    tags,
    declared: owners.filter(isTableLevel),
    scheduled: owners.filter((o) => o.source === 'airflow'),
  };
}
