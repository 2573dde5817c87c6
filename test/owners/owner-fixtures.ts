import type { OwnerFact } from '../../schemas/facts.js';
import type { OwnerTable } from '../../enrichers/owners/owner-table.js';

/** A declared (table-level) owner as a metadata.yaml would give it. */
export const declared = (id: string, source: OwnerFact['source'] = 'metadata-yaml'): OwnerFact => ({ id, kind: 'user', source, confidence: 0.95, file: 'x' });

/** A catalog table as the owner inferences read it; only what a test sets matters. */
export function table(id: string, over: Partial<OwnerTable> = {}): OwnerTable {
  return { id, kind: 'sql job', files: [], upstream: [], downstream: [], tags: [], declared: [], scheduled: [], ...over };
}

/** A folder-per-table table: `<project>/<dataset>/<table>/query.sql` + metadata.yaml. */
export function folderTable(dataset: string, name: string, owners: string[] = [], over: Partial<OwnerTable> = {}): OwnerTable {
  const dir = `sql/shop-prod/${dataset}/${name}`;
  return table(`shop-prod.${dataset}.${name}`, { files: [`${dir}/metadata.yaml`, `${dir}/query.sql`], declared: owners.map((o) => declared(o)), ...over });
}
