import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, type TableView } from './harness.js';
import { shippingFolders } from './shipping-folders.js';

const P = 'acme-data-prod';

describe('a folder-per-table BigQuery repo', () => {
  let tables: Record<string, TableView>;
  beforeAll(async () => ({ tables } = await analyze(shippingFolders)));

  it('names each table from its folder; UDF folders and checks define none', () => {
    expect(Object.keys(tables).sort()).toEqual([
      `${P}.shipping.parcel_events_daily`,
      `${P}.shipping_derived.courier_stats_v1`,
      `${P}.shipping_derived.depots_v1`,
      `${P}.shipping_derived.late_parcels_v1`,
      `${P}.shipping_derived.parcel_events_daily_v2`,
    ]);
  });

  it('a query opening with a Jinja header and is_init() branch still yields lineage and GROUP BY grain', () => {
    const daily = tables[`${P}.shipping_derived.parcel_events_daily_v2`];
    expect(daily.upstream).toEqual([`${P}.shipping_derived.depots_v1`, `${P}.shipping_stable.scans_v1`]);
    expect(daily.grain).toEqual(['scan_date', 'depot_id', 'region']);
    expect(daily.owners).toEqual(['jdoe@acme.example', 'logistics-data']);
    expect(tables[`${P}.shipping.parcel_events_daily`].upstream).toEqual([`${P}.shipping_derived.parcel_events_daily_v2`]);
  });

  it('joins through a dedup subquery land on the physical tables', () => {
    expect(tables[`${P}.shipping_derived.depots_v1`].joins).toEqual([`depot_id -> ${P}.shipping_stable.scans_v1.depot_id`]);
  });

  it('a script temp table is seen through for lineage and joins, never named as a join partner', () => {
    const late = tables[`${P}.shipping_derived.late_parcels_v1`];
    expect(late.upstream).toEqual([`${P}.shipping_derived.courier_stats_v1`, `${P}.shipping_derived.parcel_events_daily_v2`]);
    expect(tables[`${P}.shipping_derived.courier_stats_v1`].joins).toEqual([
      // late_parcels_v1 carries courier_stats_v1's key: an inferred foreign key, mirrored here
      `courier_id -> ${P}.shipping_derived.late_parcels_v1.courier_id`,
      `courier_id -> ${P}.shipping_derived.parcel_events_daily_v2.depot_id`,
    ]);
    expect(tables[`${P}.shipping_derived.courier_stats_v1`].grain).toEqual(['courier_id']);
  });
});
