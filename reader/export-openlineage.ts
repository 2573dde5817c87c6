import type { TableRecord } from '../schemas/table-record.js';
import { semantics, splitColumnRef, type ExportTarget } from './export-formats.js';

const PRODUCER = 'https://github.com/grainline/grainline';
const SPEC = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
const FACET = (name: string, version: string) => `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}`;
/** the custom facet's own schema, in this repository (OpenLineage custom facets name theirs by URL) */
export const SEMANTICS_FACET_SCHEMA = 'https://github.com/grainline/grainline/blob/main/test/export/schemas/GrainlineDatasetFacet.json';

/**
 * One OpenLineage static-metadata `DatasetEvent` per table: the `schema`, `ownership`,
 * `documentation` and `columnLineage` facets, and a custom `grainline` facet carrying the
 * grain and join keys (custom facets are prefixed with their producer's name).
 */
export function toOpenLineage(records: TableRecord[], target: ExportTarget): object[] {
  const namespace = target.namespace ?? target.platform;
  const eventTime = (target.now ?? new Date()).toISOString();
  const base = (name: string, version: string) => ({ _producer: PRODUCER, _schemaURL: FACET(name, version) });
  return records.map((r) => {
    const facets: Record<string, object> = {};
    if (r.columns.length) {
      facets.schema = {
        ...base('SchemaDatasetFacet', '1-2-0'),
        fields: r.columns.map((c, i) => ({
          name: c.name,
          ...(c.type ? { type: c.type } : {}),
          ...(c.description ? { description: c.description } : {}),
          ordinal_position: i + 1,
        })),
      };
    }
    if (r.owners.length) {
      facets.ownership = {
        ...base('OwnershipDatasetFacet', '1-0-1'),
        owners: r.owners.map((o) => ({ name: `${o.kind === 'team' ? 'team' : 'user'}:${o.id}`, type: 'OWNER' })),
      };
    }
    if (r.description) facets.documentation = { ...base('DocumentationDatasetFacet', '1-1-0'), description: r.description, contentType: 'text/markdown' };
    const fields: Record<string, { inputFields: object[] }> = {};
    for (const c of r.columns) {
      const inputs = (c.lineage ?? []).flatMap((ref) => {
        const at = splitColumnRef(ref);
        return at ? [{ namespace, name: at.table, field: at.column, transformations: [{ type: 'DIRECT' }] }] : [];
      });
      if (inputs.length) fields[c.name] = { inputFields: inputs };
    }
    if (Object.keys(fields).length) facets.columnLineage = { ...base('ColumnLineageDatasetFacet', '1-2-0'), fields };
    const { grain, joinKeys } = semantics(r);
    if (grain || joinKeys.length) {
      facets.grainline = {
        _producer: PRODUCER,
        _schemaURL: `${SEMANTICS_FACET_SCHEMA}#/$defs/GrainlineDatasetFacet`,
        grain,
        joinKeys,
        upstream: r.upstream,
        kind: r.kind,
      };
    }
    return { eventTime, producer: PRODUCER, schemaURL: `${SPEC}#/$defs/DatasetEvent`, dataset: { namespace, name: r.table, facets } };
  });
}
