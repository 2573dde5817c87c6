import type { TableRecord } from '../schemas/table-record.js';
import { semantics, splitColumnRef, type ExportTarget } from './export-formats.js';

export interface DataHubProposal {
  entityType: 'dataset';
  entityUrn: string;
  changeType: 'UPSERT';
  aspectName: 'datasetProperties' | 'schemaMetadata' | 'ownership' | 'upstreamLineage';
  /** the aspect as DataHub's file source reads it: its JSON text, like `datahub`'s own file sink writes */
  aspect: { value: string; contentType: 'application/json' };
}

const ACTOR = 'urn:li:corpuser:grainline';

/** DataHub's URN for a table: platform, lower-cased qualified name, environment. */
export function datasetUrn(name: string, target: ExportTarget): string {
  return `urn:li:dataset:(urn:li:dataPlatform:${target.platform},${name.toLowerCase()},${target.env ?? 'PROD'})`;
}

const fieldUrn = (dataset: string, column: string) => `urn:li:schemaField:(${dataset},${column})`;

/** Avro's union of field types, keyed by the record's full name as DataHub writes it. */
function fieldType(type: string | undefined): Record<string, object> {
  const t = (type ?? '').toLowerCase();
  const name = /bool/.test(t)
    ? 'BooleanType'
    : /int|num|dec|float|double|real|money/.test(t)
      ? 'NumberType'
      : /timestamp|datetime/.test(t)
        ? 'TimeType'
        : /^date/.test(t)
          ? 'DateType'
          : /array|list/.test(t)
            ? 'ArrayType'
            : /struct|record|object|variant|json|map/.test(t)
              ? 'RecordType'
              : /bytes|binary|blob/.test(t)
                ? 'BytesType'
                : t
                  ? 'StringType'
                  : 'NullType';
  return { [`com.linkedin.schema.${name}`]: name === 'ArrayType' ? { nestedType: null } : {} };
}

/**
 * Metadata change proposals for every table: `datasetProperties` (description; grain and
 * join keys as custom properties), `schemaMetadata` (columns; grain as primary keys, join
 * keys as foreign keys), `ownership` and `upstreamLineage` (with column-level lineage).
 */
export function toDataHub(records: TableRecord[], target: ExportTarget): DataHubProposal[] {
  const time = (target.now ?? new Date()).getTime();
  const stamp = { time, actor: ACTOR };
  const out: DataHubProposal[] = [];
  const propose = (urn: string, aspectName: DataHubProposal['aspectName'], aspect: object) =>
    out.push({ entityType: 'dataset', entityUrn: urn, changeType: 'UPSERT', aspectName, aspect: { value: JSON.stringify(aspect), contentType: 'application/json' } });

  for (const r of records) {
    const urn = datasetUrn(r.table, target);
    const { grain, joinKeys } = semantics(r);
    const custom: Record<string, string> = { 'grainline.kind': r.kind, 'grainline.files': r.files.join(', ') };
    if (grain) {
      custom['grainline.grain'] = grain.columns.join(', ');
      custom['grainline.grain_statement'] = grain.statement;
      custom['grainline.grain_source'] = `${grain.source} (${grain.confidence})`;
    }
    if (joinKeys.length) custom['grainline.join_keys'] = JSON.stringify(joinKeys);
    if (r.usage) custom['grainline.usage_tier'] = r.usage.tier;
    propose(urn, 'datasetProperties', {
      customProperties: custom,
      name: r.table.split('.').at(-1),
      qualifiedName: r.table,
      ...(r.description ? { description: r.description } : {}),
      tags: [],
    });

    const columns = new Set(r.columns.map((c) => c.name));
    propose(urn, 'schemaMetadata', {
      schemaName: r.table,
      platform: `urn:li:dataPlatform:${target.platform}`,
      version: 0,
      created: stamp,
      lastModified: stamp,
      hash: r.fingerprint,
      platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } },
      fields: r.columns.map((c) => ({
        fieldPath: c.name,
        nullable: true,
        ...(c.description ? { description: c.description } : {}),
        type: { type: fieldType(c.type) },
        nativeDataType: c.type ?? 'unknown',
        recursive: false,
        isPartOfKey: grain?.columns.includes(c.name) ?? false,
      })),
      ...(grain && grain.columns.every((c) => columns.has(c)) ? { primaryKeys: grain.columns } : {}),
      ...(joinKeys.length
        ? {
            foreignKeys: joinKeys.map((k) => {
              const other = datasetUrn(k.table, target);
              return {
                name: `${k.columns.join('_')}__${k.table}`,
                foreignFields: k.refColumns.map((c) => fieldUrn(other, c)),
                sourceFields: k.columns.map((c) => fieldUrn(urn, c)),
                foreignDataset: other,
              };
            }),
          }
        : {}),
    });

    if (r.owners.length) {
      propose(urn, 'ownership', {
        owners: r.owners.map((o) => ({
          owner: o.kind === 'team' ? `urn:li:corpGroup:${o.id.replace(/^@/, '')}` : `urn:li:corpuser:${o.id.replace(/^@/, '')}`,
          type: 'TECHNICAL_OWNER',
          source: { type: 'SOURCE_CONTROL', url: o.file ?? null },
        })),
        ownerTypes: {},
        lastModified: stamp,
      });
    }

    if (r.upstream.length) {
      const fineGrained = r.columns.flatMap((c) => {
        const ups = (c.lineage ?? []).flatMap((ref) => {
          const at = splitColumnRef(ref);
          return at ? [fieldUrn(datasetUrn(at.table, target), at.column)] : [];
        });
        return ups.length
          ? [{ upstreamType: 'FIELD_SET', upstreams: ups, downstreamType: 'FIELD', downstreams: [fieldUrn(urn, c.name)], confidenceScore: 1.0 }]
          : [];
      });
      propose(urn, 'upstreamLineage', {
        upstreams: r.upstream.map((u) => ({ auditStamp: stamp, dataset: datasetUrn(u, target), type: 'TRANSFORMED' })),
        ...(fineGrained.length ? { fineGrainedLineages: fineGrained } : {}),
      });
    }
  }
  return out;
}
