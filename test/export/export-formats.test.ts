import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportLines, type ExportFormat, type ExportTarget } from '../../reader/export-formats.js';
import type { TableRecord } from '../../schemas/table-record.js';
import { shopCatalog } from '../reader/shop-catalog.js';
import { avroErrors } from './avro-json.js';

const SCHEMAS = join(import.meta.dirname, 'schemas');
const json = (path: string) => JSON.parse(readFileSync(join(SCHEMAS, path), 'utf8'));
const bin = join(import.meta.dirname, '..', '..', 'bin', 'grainline.js');
// ajv-formats is CommonJS: under NodeNext its default import is the module object
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin) as unknown as (ajv: Ajv2020) => void;

// ---- validators over the vendored, published schemas ----

function openLineageValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of readdirSync(join(SCHEMAS, 'openlineage'))) ajv.addSchema(json(`openlineage/${f}`));
  ajv.addSchema(json('GrainlineDatasetFacet.json'));
  const event = ajv.getSchema('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent')!;
  // the core schema leaves facet bodies open: each facet is checked against its own schema
  const facets: Record<string, string> = {
    schema: 'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json',
    ownership: 'https://openlineage.io/spec/facets/1-0-1/OwnershipDatasetFacet.json',
    documentation: 'https://openlineage.io/spec/facets/1-1-0/DocumentationDatasetFacet.json',
    columnLineage: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
    grainline: 'https://github.com/grainline/grainline/blob/main/test/export/schemas/GrainlineDatasetFacet.json',
  };
  return (doc: { dataset?: { facets?: Record<string, unknown> } }): string[] => {
    const errors: string[] = [];
    if (!event(doc)) errors.push(ajv.errorsText(event.errors));
    for (const [name, body] of Object.entries(doc.dataset?.facets ?? {})) {
      const validate = facets[name] ? ajv.getSchema(facets[name]) : undefined;
      if (!validate) errors.push(`facet ${name}: no schema`);
      else if (!validate({ [name]: body })) errors.push(`facet ${name}: ${ajv.errorsText(validate.errors)}`);
    }
    return errors;
  };
}

function openMetadataValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const table = ajv.compile(json('openmetadata/CreateTableRequest.schema.json'));
  const lineage = ajv.compile(json('openmetadata/AddLineageRequest.schema.json'));
  return (line: { endpoint: string; body: unknown }): string[] => {
    const validate = line.endpoint === 'PUT /api/v1/tables' ? table : line.endpoint === 'PUT /api/v1/lineage' ? lineage : undefined;
    if (!validate) return [`unknown endpoint ${line.endpoint}`];
    return validate(line.body) ? [] : [ajv.errorsText(validate.errors)];
  };
}

const ASPECTS: Record<string, unknown> = {
  schemaMetadata: json('datahub/SchemaMetadata.avsc'),
  ownership: json('datahub/Ownership.avsc'),
  upstreamLineage: json('datahub/UpstreamLineage.avsc'),
  datasetProperties: json('datahub/DatasetProperties.avsc'),
};

function dataHubErrors(p: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (p.entityType !== 'dataset' || p.changeType !== 'UPSERT') errors.push('not a dataset UPSERT');
  if (typeof p.entityUrn !== 'string' || !/^urn:li:dataset:\(urn:li:dataPlatform:[^,]+,[^,]+,[A-Z]+\)$/.test(p.entityUrn)) errors.push(`bad urn ${p.entityUrn}`);
  const schema = ASPECTS[p.aspectName as string];
  const aspect = p.aspect as { value?: string; contentType?: string };
  if (!schema) return [...errors, `unknown aspect ${p.aspectName}`];
  if (aspect?.contentType !== 'application/json' || typeof aspect.value !== 'string') return [...errors, 'aspect is not JSON text'];
  return [...errors, ...avroErrors(JSON.parse(aspect.value), schema as never)];
}

// ---- a record with every field the formats carry ----

function record(over: Partial<TableRecord> = {}): TableRecord {
  return {
    id: 'marts.fct_orders',
    table: 'marts.fct_orders',
    kind: 'dbt model',
    aliases: ['fct_orders'],
    files: ['models/marts/fct_orders.sql'],
    upstream: ['staging.stg_orders', 'staging.stg_customers'],
    downstream: ['marts.daily_revenue'],
    consumers: [],
    columns: [
      { name: 'order_id', type: 'integer', description: 'The order.', lineage: ['staging.stg_orders.order_id'], source: 'sql' },
      { name: 'customer_id', type: 'bigint', lineage: ['staging.stg_orders.customer_id'], source: 'sql' },
      { name: 'amount', type: 'numeric(18,2)', lineage: ['staging.stg_orders.amount'], source: 'sql' },
      { name: 'ordered_at', type: 'timestamp', source: 'sql' },
      { name: 'tags', source: 'sql' },
    ],
    grain: { columns: ['order_id'], statement: 'one row per order_id', source: 'dbt-yaml', confidence: 0.95 },
    joinKeys: [{ columns: ['customer_id'], table: 'staging.stg_customers', refColumns: ['customer_id'], source: 'sql', confidence: 0.9 }],
    owners: [
      { id: '@acme/finance', kind: 'team', source: 'codeowners', confidence: 0.9, file: 'CODEOWNERS' },
      { id: 'ana', kind: 'user', source: 'git', confidence: 0.4 },
    ],
    description: 'One row per order, after fraud filtering.',
    usage: null,
    annotations: null,
    similarTables: [],
    provenance: {},
    conflicts: [],
    warnings: [],
    tags: [],
    fingerprint: 'abc123',
    commit: 'deadbeef',
    runId: 'r1',
    updatedAt: '2024-06-30T00:00:00Z',
    ...over,
  };
}

const TARGET: ExportTarget = { platform: 'snowflake', namespace: 'snowflake://acme-xy12345', database: 'prod', now: new Date('2024-07-01T00:00:00Z') };
const lines = (records: TableRecord[], format: ExportFormat) => [...exportLines(records, format, TARGET)];
const bare = record({ id: 'orders_seed', table: 'orders_seed', kind: 'dbt seed', upstream: [], columns: [], grain: null, joinKeys: [], owners: [], description: '' });

describe('export --format openlineage', () => {
  const validate = openLineageValidator();

  it('writes one DatasetEvent per table with schema, ownership, documentation, column lineage and the grainline facet, valid against the spec', () => {
    const events = lines([record(), bare], 'openlineage').map((l) => JSON.parse(l));
    expect(events).toHaveLength(2);
    for (const e of events) expect(validate(e)).toEqual([]);
    const facets = events[0].dataset.facets;
    expect(events[0].dataset).toMatchObject({ namespace: 'snowflake://acme-xy12345', name: 'marts.fct_orders' });
    expect(Object.keys(facets).sort()).toEqual(['columnLineage', 'documentation', 'grainline', 'ownership', 'schema']);
    expect(facets.columnLineage.fields.amount.inputFields).toEqual([
      { namespace: 'snowflake://acme-xy12345', name: 'staging.stg_orders', field: 'amount', transformations: [{ type: 'DIRECT' }] },
    ]);
    expect(facets.grainline.grain.columns).toEqual(['order_id']);
    expect(facets.grainline.joinKeys[0]).toMatchObject({ table: 'staging.stg_customers', refColumns: ['customer_id'] });
    expect(facets.ownership.owners).toEqual([
      { name: 'team:@acme/finance', type: 'OWNER' },
      { name: 'user:ana', type: 'OWNER' },
    ]);
  });

  it('the validator rejects what the spec rejects', () => {
    const [event] = lines([record()], 'openlineage').map((l) => JSON.parse(l));
    expect(validate({ ...event, producer: undefined })).not.toEqual([]);
    const noField = structuredClone(event);
    delete noField.dataset.facets.columnLineage.fields.amount.inputFields[0].field;
    expect(validate(noField)).not.toEqual([]);
    const badGrain = structuredClone(event);
    badGrain.dataset.facets.grainline.grain.confidence = 3;
    expect(validate(badGrain)).not.toEqual([]);
  });
});

describe('export --format datahub', () => {
  it('writes one JSON array of UPSERT proposals whose aspects match the avro schemas acryl-datahub ships', () => {
    const proposals = JSON.parse(lines([record(), bare], 'datahub').join('\n'));
    for (const p of proposals) expect(dataHubErrors(p)).toEqual([]);
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,marts.fct_orders,PROD)';
    const aspect = (name: string) => JSON.parse(proposals.find((p: { entityUrn: string; aspectName: string }) => p.entityUrn === urn && p.aspectName === name).aspect.value);
    expect(aspect('schemaMetadata').primaryKeys).toEqual(['order_id']);
    expect(aspect('schemaMetadata').foreignKeys[0]).toMatchObject({
      foreignDataset: 'urn:li:dataset:(urn:li:dataPlatform:snowflake,staging.stg_customers,PROD)',
      sourceFields: [`urn:li:schemaField:(${urn},customer_id)`],
    });
    expect(aspect('schemaMetadata').fields.find((f: { fieldPath: string }) => f.fieldPath === 'amount').type).toEqual({ type: { 'com.linkedin.schema.NumberType': {} } });
    expect(aspect('datasetProperties').customProperties).toMatchObject({ 'grainline.grain': 'order_id', 'grainline.grain_statement': 'one row per order_id' });
    expect(JSON.parse(aspect('datasetProperties').customProperties['grainline.join_keys'])[0].table).toBe('staging.stg_customers');
    expect(aspect('ownership').owners.map((o: { owner: string }) => o.owner)).toEqual(['urn:li:corpGroup:acme/finance', 'urn:li:corpuser:ana']);
    expect(aspect('upstreamLineage').upstreams).toHaveLength(2);
    expect(aspect('upstreamLineage').fineGrainedLineages).toHaveLength(3);
    // the seed has no owners and no upstream: properties and schema only
    expect(proposals.filter((p: { entityUrn: string }) => p.entityUrn.includes('orders_seed')).map((p: { aspectName: string }) => p.aspectName)).toEqual([
      'datasetProperties',
      'schemaMetadata',
    ]);
  });

  it('the avro check rejects an unknown ownership type, a missing required field and an unknown field', () => {
    const proposals = JSON.parse(lines([record()], 'datahub').join('\n'));
    const ownership = proposals.find((p: { aspectName: string }) => p.aspectName === 'ownership');
    const mutate = (f: (a: Record<string, any>) => void) => {
      const a = JSON.parse(ownership.aspect.value);
      f(a);
      return dataHubErrors({ ...ownership, aspect: { ...ownership.aspect, value: JSON.stringify(a) } });
    };
    expect(mutate(() => undefined)).toEqual([]);
    expect(mutate((a) => (a.owners[0].type = 'OVERLORD'))).not.toEqual([]);
    expect(mutate((a) => delete a.owners[0].owner)).not.toEqual([]);
    expect(mutate((a) => (a.owners[0].rank = 1))).not.toEqual([]);
  });
});

describe('export --format openmetadata', () => {
  const validate = openMetadataValidator();

  it('writes CreateTableRequest and AddLineageRequest bodies valid against openmetadata-ingestion’s request models', () => {
    const requests = lines([record(), bare], 'openmetadata').map((l) => JSON.parse(l));
    for (const r of requests) expect(validate(r)).toEqual([]);
    const tables = requests.filter((r) => r.endpoint === 'PUT /api/v1/tables');
    expect(tables.map((t) => t.body.databaseSchema)).toEqual(['snowflake.prod.marts', 'snowflake.prod.public']);
    const fct = tables[0].body;
    expect(fct.columns.map((c: { dataType: string }) => c.dataType)).toEqual(['INT', 'BIGINT', 'NUMERIC', 'TIMESTAMP', 'UNKNOWN']);
    expect(fct.tableConstraints).toEqual([
      { constraintType: 'PRIMARY_KEY', columns: ['order_id'] },
      { constraintType: 'FOREIGN_KEY', columns: ['customer_id'], referredColumns: ['snowflake.prod.staging.stg_customers.customer_id'] },
    ]);
    expect(fct.description).toContain('**Grain:** one row per order_id');
    expect(tables[0].owners).toEqual([
      { name: 'acme/finance', type: 'team' },
      { name: 'ana', type: 'user' },
    ]);
    const edges = requests.filter((r) => r.endpoint === 'PUT /api/v1/lineage');
    expect(edges).toHaveLength(2);
    expect(edges[0].body.edge.lineageDetails).toEqual({
      columnsLineage: [
        { fromColumns: ['snowflake.prod.staging.stg_orders.order_id'], toColumn: 'snowflake.prod.marts.fct_orders.order_id' },
        { fromColumns: ['snowflake.prod.staging.stg_orders.customer_id'], toColumn: 'snowflake.prod.marts.fct_orders.customer_id' },
        { fromColumns: ['snowflake.prod.staging.stg_orders.amount'], toColumn: 'snowflake.prod.marts.fct_orders.amount' },
      ],
      source: 'DbtLineage',
    });
    expect(edges[0].byName).toBe('PUT /api/v1/lineage/table/name/snowflake.prod.staging.stg_orders/table/name/snowflake.prod.marts.fct_orders');
  });

  it('the schema check rejects an unknown data type, an unknown field and a lineage source OpenMetadata does not have', () => {
    const [table, edge] = lines([record({ upstream: ['staging.stg_orders'] })], 'openmetadata').map((l) => JSON.parse(l));
    const bad = structuredClone(table);
    bad.body.columns[0].dataType = 'INTEGERISH';
    expect(validate(bad)).not.toEqual([]);
    expect(validate({ ...table, body: { ...table.body, grain: ['order_id'] } })).not.toEqual([]);
    const badEdge = structuredClone(edge);
    badEdge.body.edge.lineageDetails.source = 'Grainline';
    expect(validate(badEdge)).not.toEqual([]);
  });
});

describe('grainline export --format, end to end on a real LanceDB catalog', () => {
  let db: string;
  beforeAll(async () => {
    ({ db } = await shopCatalog());
  }, 120_000);

  const run = async (...args: string[]) =>
    (await promisify(execFile)(process.execPath, [bin, 'export', '--db', db, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;

  it('every format of the enriched shop catalog validates, one document per table', async () => {
    const jsonl = (await run()).trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl.length).toBeGreaterThan(3);

    const ol = (await run('--format', 'openlineage', '--platform', 'bigquery')).trim().split('\n').map((l) => JSON.parse(l));
    const validateOl = openLineageValidator();
    expect(ol.map((e) => e.dataset.name)).toEqual(jsonl.map((r) => r.table));
    for (const e of ol) expect(validateOl(e)).toEqual([]);
    expect(ol.some((e) => e.dataset.facets.grainline?.grain)).toBe(true);
    expect(ol.every((e) => e.dataset.namespace === 'bigquery')).toBe(true);

    const dh = JSON.parse(await run('--format', 'datahub', '--platform', 'bigquery'));
    for (const p of dh) expect(dataHubErrors(p)).toEqual([]);
    expect(new Set(dh.map((p: { entityUrn: string }) => p.entityUrn)).size).toBe(jsonl.length);
    expect(dh.some((p: { aspectName: string }) => p.aspectName === 'upstreamLineage')).toBe(true);

    const om = (await run('--format', 'openmetadata', '--platform', 'bigquery')).trim().split('\n').map((l) => JSON.parse(l));
    const validateOm = openMetadataValidator();
    for (const r of om) expect(validateOm(r)).toEqual([]);
    expect(om.filter((r) => r.endpoint === 'PUT /api/v1/tables')).toHaveLength(jsonl.length);
  }, 180_000);

  it('an unknown format is an error that names the valid ones', async () => {
    await expect(run('--format', 'parquet')).rejects.toMatchObject({ stderr: expect.stringContaining("'openlineage'") });
  });
});
