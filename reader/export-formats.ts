import type { TableRecord } from '../schemas/table-record.js';
import { toDataHub } from './export-datahub.js';
import { toOpenLineage } from './export-openlineage.js';
import { toOpenMetadata } from './export-openmetadata.js';
import { exportRecord } from './export-record.js';

export const EXPORT_FORMATS = ['jsonl', 'openlineage', 'datahub', 'openmetadata'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where the tables live, as the other tools name it; Grainline itself does not know. */
export interface ExportTarget {
  /** DataHub data platform and the default for the rest: snowflake, bigquery, postgres, ... */
  platform: string;
  /** OpenLineage dataset namespace (default: the platform), e.g. snowflake://acme-xy12345 */
  namespace?: string;
  /** OpenMetadata database service name (default: the platform) */
  service?: string;
  /** database and schema for names the repo leaves unqualified (OpenMetadata needs all four parts) */
  database?: string;
  schema?: string;
  /** DataHub environment (fabric): PROD, DEV, ... */
  env?: string;
  /** when the export was made: one time for every event */
  now?: Date;
}

/**
 * Every table in one of the formats other catalogs read, as lines to write: JSON Lines for
 * jsonl, openlineage (DatasetEvents) and openmetadata (API requests); for datahub, the
 * lines of one JSON array of metadata change proposals, as the `datahub` file source reads it.
 */
export function* exportLines(records: TableRecord[], format: ExportFormat, target: ExportTarget): Generator<string> {
  if (format === 'jsonl') {
    for (const r of records) yield JSON.stringify(exportRecord(r));
  } else if (format === 'openlineage') {
    for (const event of toOpenLineage(records, target)) yield JSON.stringify(event);
  } else if (format === 'openmetadata') {
    for (const request of toOpenMetadata(records, target)) yield JSON.stringify(request);
  } else {
    const proposals = toDataHub(records, target);
    yield '[';
    for (const [i, p] of proposals.entries()) yield `${JSON.stringify(p)}${i < proposals.length - 1 ? ',' : ''}`;
    yield ']';
  }
}

/** `analytics.orders.id` -> [`analytics.orders`, `id`]: column lineage is written `table.column`. */
export function splitColumnRef(ref: string): { table: string; column: string } | undefined {
  const dot = ref.lastIndexOf('.');
  return dot > 0 ? { table: ref.slice(0, dot), column: ref.slice(dot + 1) } : undefined;
}

/** Grain and join keys as one plain object, for the formats that carry them as a custom facet or property. */
export function semantics(r: TableRecord) {
  return {
    grain: r.grain ? { columns: r.grain.columns, statement: r.grain.statement, source: r.grain.source, confidence: r.grain.confidence } : null,
    joinKeys: r.joinKeys.map((k) => ({ columns: k.columns, table: k.table, refColumns: k.refColumns, source: k.source, confidence: k.confidence })),
  };
}
