import { createHash } from 'node:crypto';
import type { TableRecord } from '../schemas/table-record.js';
import { semantics, splitColumnRef, type ExportTarget } from './export-formats.js';

/** One OpenMetadata API request per line: what to call, the request body, and what the loader must resolve. */
export interface OpenMetadataRequest {
  endpoint: 'PUT /api/v1/tables' | 'PUT /api/v1/lineage';
  /** CreateTableRequest or AddLineageRequest */
  body: Record<string, unknown>;
  /** owners by name (OpenMetadata references owners by id: look each up, then PATCH the table) */
  owners?: { name: string; type: 'user' | 'team' }[];
  /**
   * For lineage: the by-name endpoint that needs no ids. The body's entity ids are stable
   * placeholders derived from the FQN; replace them with the server's ids
   * (`GET /api/v1/tables/name/{fqn}`) to use `PUT /api/v1/lineage`.
   */
  byName?: string;
}

const TYPES: Record<string, string> = {
  INTEGER: 'INT', INT64: 'BIGINT', FLOAT64: 'DOUBLE', BOOL: 'BOOLEAN', TIMESTAMP_NTZ: 'TIMESTAMP', TIMESTAMP_LTZ: 'TIMESTAMPZ',
  TIMESTAMP_TZ: 'TIMESTAMPZ', TIMESTAMPTZ: 'TIMESTAMPZ', BIGNUMERIC: 'NUMERIC', REAL: 'FLOAT', 'DOUBLE PRECISION': 'DOUBLE',
  'CHARACTER VARYING': 'VARCHAR', OBJECT: 'STRUCT', HUGEINT: 'BIGINT',
};
const KNOWN = new Set(['NUMBER', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL', 'NUMERIC', 'TIMESTAMP', 'TIMESTAMPZ', 'TIME',
  'DATE', 'DATETIME', 'INTERVAL', 'STRING', 'TEXT', 'CHAR', 'VARCHAR', 'BOOLEAN', 'BINARY', 'VARBINARY', 'ARRAY', 'MAP', 'STRUCT', 'JSON', 'UUID',
  'VARIANT', 'GEOGRAPHY', 'GEOMETRY', 'BYTES', 'BYTEA', 'SUPER', 'RECORD']);

/** OpenMetadata's column type: the base word of the declared type, or UNKNOWN. */
export function omDataType(type: string | undefined): string {
  if (!type) return 'UNKNOWN';
  const base = type.toUpperCase().replace(/\s*[(<].*$/, '').trim();
  const mapped = TYPES[base] ?? base;
  return KNOWN.has(mapped) ? mapped : 'UNKNOWN';
}

/** service.database.schema.table, filling what the repo leaves unqualified from the target. */
export function tableFqn(name: string, target: ExportTarget): string {
  const parts = name.split('.');
  const table = parts.at(-1)!;
  const schema = parts.at(-2) ?? target.schema ?? 'public';
  const database = parts.at(-3) ?? target.database ?? 'default';
  return [target.service ?? target.platform, database, schema, table].join('.');
}

/** A stable placeholder id for an entity the server has not named yet. */
function placeholderId(fqn: string): string {
  const h = createHash('sha1').update(`grainline:${fqn}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const TABLE_TYPE: Partial<Record<TableRecord['kind'], string>> = { view: 'View', 'dbt source': 'External', external: 'External' };

/**
 * CreateTableRequest per table (columns, description, grain as a PRIMARY_KEY constraint
 * and join keys as FOREIGN_KEY constraints when the columns are known, both also written
 * in the description) and AddLineageRequest per upstream edge with column lineage.
 */
export function toOpenMetadata(records: TableRecord[], target: ExportTarget): OpenMetadataRequest[] {
  const out: OpenMetadataRequest[] = [];
  for (const r of records) {
    const fqn = tableFqn(r.table, target);
    const schemaFqn = fqn.split('.').slice(0, 3).join('.');
    const { grain, joinKeys } = semantics(r);
    const known = new Set(r.columns.map((c) => c.name));
    const constraints: Record<string, unknown>[] = [];
    if (grain && grain.columns.length && grain.columns.every((c) => known.has(c))) {
      constraints.push({ constraintType: grain.columns.length === 1 ? 'PRIMARY_KEY' : 'UNIQUE', columns: grain.columns });
    }
    for (const k of joinKeys) {
      if (!k.columns.every((c) => known.has(c)) || k.columns.length !== k.refColumns.length) continue;
      const other = tableFqn(k.table, target);
      constraints.push({ constraintType: 'FOREIGN_KEY', columns: k.columns, referredColumns: k.refColumns.map((c) => `${other}.${c}`) });
    }
    const notes = [
      grain ? `**Grain:** ${grain.statement} (${grain.source}, ${grain.confidence})` : '',
      ...joinKeys.map((k) => `**Join key:** (${k.columns.join(', ')}) → ${k.table} (${k.refColumns.join(', ')}) (${k.source}, ${k.confidence})`),
      r.owners.length ? `**Owners:** ${r.owners.map((o) => o.id).join(', ')}` : '',
    ].filter(Boolean);
    const description = [r.description, ...(notes.length ? ['', '---', ...notes] : [])].join('\n').trim();
    const body: Record<string, unknown> = {
      name: fqn.split('.').at(-1)!,
      ...(description ? { description } : {}),
      tableType: TABLE_TYPE[r.kind] ?? 'Regular',
      columns: r.columns.map((c, i) => ({
        name: c.name,
        dataType: omDataType(c.type),
        ...(c.type ? { dataTypeDisplay: c.type } : {}),
        ...(c.description ? { description: c.description } : {}),
        ordinalPosition: i + 1,
      })),
      databaseSchema: schemaFqn,
      ...(constraints.length ? { tableConstraints: constraints } : {}),
    };
    out.push({
      endpoint: 'PUT /api/v1/tables',
      body,
      ...(r.owners.length ? { owners: r.owners.map((o) => ({ name: o.id.replace(/^@/, ''), type: o.kind })) } : {}),
    });
  }
  for (const r of records) {
    const to = tableFqn(r.table, target);
    for (const up of r.upstream) {
      const from = tableFqn(up, target);
      const columnsLineage = r.columns.flatMap((c) => {
        const fromColumns = (c.lineage ?? []).flatMap((ref) => {
          const at = splitColumnRef(ref);
          return at && tableFqn(at.table, target) === from ? [`${from}.${at.column}`] : [];
        });
        return fromColumns.length ? [{ fromColumns, toColumn: `${to}.${c.name}` }] : [];
      });
      out.push({
        endpoint: 'PUT /api/v1/lineage',
        body: {
          edge: {
            fromEntity: { id: placeholderId(from), type: 'table', fullyQualifiedName: from },
            toEntity: { id: placeholderId(to), type: 'table', fullyQualifiedName: to },
            lineageDetails: { ...(columnsLineage.length ? { columnsLineage } : {}), source: r.kind.startsWith('dbt') ? 'DbtLineage' : 'QueryLineage' },
          },
        },
        byName: `PUT /api/v1/lineage/table/name/${encodeURIComponent(from)}/table/name/${encodeURIComponent(to)}`,
      });
    }
  }
  return out;
}
