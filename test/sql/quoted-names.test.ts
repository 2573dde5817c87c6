import { describe, expect, it } from 'vitest';
import { grainCols, sorted, stmt } from './helpers.js';

describe('quoted names as rendered dbt models write them', () => {
  it('double-quoted three-part names normalize to lower-case dotted names', () => {
    const s = stmt('select o."ID", count(*) as n from "Analytics"."RAW"."Orders" as o join "analytics"."raw"."items" i on o."ID" = i.order_id group by 1', 'postgres');
    expect(s.kind).toBe('select');
    expect(sorted(s.sources)).toEqual(['analytics.raw.items', 'analytics.raw.orders']);
    expect(grainCols(s)).toEqual([['id']]);
  });

  it('Snowflake upper-case quoted names', () => {
    const s = stmt('select distinct "CUSTOMER_ID" from "DB"."SCH"."EVENTS"', 'snowflake');
    expect(s.sources).toEqual(['db.sch.events']);
    expect(grainCols(s)).toEqual([['customer_id']]);
  });
});
