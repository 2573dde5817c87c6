import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../schemas/catalog.js';
import { sourceAffinity, sourceParts } from '../../enrichers/catalog/fk-entities.js';
import { NearIndex } from '../../enrichers/catalog/fk-near-index.js';
import { markPerDatasetDimensions, nearEnough } from '../../enrichers/catalog/fk-target-rank.js';

const entry = (id: string, kind: CatalogEntry['kind'], file: string, upstream: string[] = []): CatalogEntry => ({
  id, table: id, kind, aliases: [], files: [file], facts: [], upstream, downstream: [], joinKeys: [], warnings: [], similar: [], fingerprint: '',
});

/** what the foreign-key ranking keeps of a candidate before it ranks (foreign-keys.ts) */
const passes = (from: CatalogEntry, t: CatalogEntry, roleWords: readonly string[]) => {
  const affinity = sourceAffinity(from.id, t.id, roleWords);
  const otherSystem = affinity === 0 && sourceParts(from.id).length > 0 && sourceParts(t.id).length > 0;
  return (t.id === from.id || nearEnough(from, t, affinity > 0)) && !otherSystem;
};

// Tables named for tenants, systems and layers, in dbt projects and plain SQL folders:
// the shapes the index files by.
const tableArb = fc.record({
  schema: fc.constantFrom('', 'staging', 'marts', 'tenant_a', 'tenant_b', 'raw_crm'),
  layer: fc.constantFrom('stg_', 'int_', 'dim_', 'fct_', ''),
  system: fc.constantFrom('', 'crm__', 'shop__', 'crm__app__'),
  kind: fc.constantFrom<CatalogEntry['kind']>('dbt model', 'dbt source', 'dbt seed', 'sql job'),
  folder: fc.constantFrom('proj_a/models/staging', 'proj_a/models/marts', 'proj_b/models/staging', 'sql/acme', 'dags/jobs'),
});

describe('the foreign-key candidate index', () => {
  it('returns every candidate that is near and of no other system, whatever the catalog', () => {
    fc.assert(
      fc.property(fc.array(tableArb, { minLength: 2, maxLength: 25 }), fc.nat(), fc.constantFrom([], ['crm'], ['shop']), (specs, pick, roleWords) => {
        const drawn = specs.map((s, i) => {
          // every third table reuses one name, so a dimension recurs across schemas as tenants' copies do
          const name = `${s.layer}${s.system}customers${i % 3 === 0 ? '' : i}`;
          const id = s.schema ? `${s.schema}.${name}` : name;
          return entry(id, s.kind, `${s.folder}/${name}.sql`, s.schema === 'staging' ? ['raw_crm.customers0'] : []);
        });
        // one id is one catalog entry (link.ts merges its files): a second draw of an id in the same schema is dropped
        const entries = drawn.filter((e, i) => drawn.findIndex((d) => d.id === e.id) === i);
        markPerDatasetDimensions(entries);
        const index = new NearIndex();
        for (const e of entries) index.add('customer_id', e);
        const from = entries[pick % entries.length];
        const near = new Set(index.near('customer_id', from, roleWords));
        for (const t of entries) if (passes(from, t, roleWords)) expect(near, `${t.id} from ${from.id}`).toContain(t.id);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out another tenant schema\'s table and another source system\'s', () => {
    const from = entry('tenant_a.fct_orders', 'dbt model', 'proj/models/marts/fct_orders.sql');
    const own = entry('tenant_a.customers', 'dbt model', 'proj/models/marts/customers.sql');
    const other = entry('tenant_b.customers', 'sql job', 'sql/tenant_b/customers.sql');
    const crm = entry('stg_crm__customers', 'dbt model', 'proj/models/staging/stg_crm__customers.sql');
    const shop = entry('stg_shop__orders', 'dbt model', 'proj/models/staging/stg_shop__orders.sql');
    const index = new NearIndex();
    for (const e of [own, other, crm]) index.add('customer_id', e);
    expect(index.near('customer_id', from)).toEqual(['tenant_a.customers']);
    // a staging model of the shop system reads no crm table by name alone
    expect(index.near('customer_id', shop)).not.toContain('stg_crm__customers');
  });
});
