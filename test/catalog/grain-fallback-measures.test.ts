import { describe, expect, it } from 'vitest';
import { FALLBACK_CONFIDENCE, fallbackGrain, type FallbackInput } from '../../enrichers/catalog/grain-fallback.js';
import { dimensionsBeforeMeasures, isMeasureName } from '../../enrichers/catalog/grain-fallback-measures.js';
import { entityNames } from '../../enrichers/catalog/grain-naming.js';

const input = (id: string, ordered: string[], more: Partial<FallbackInput> = {}): FallbackInput => ({
  entities: entityNames(id),
  ordered,
  manyPerEntity: false,
  joined: false,
  ...more,
});

describe('grain fallback: the dimensions a measurement table lists before its measures', () => {
  it('tells measures (counts, amounts) from dimensions by their names', () => {
    for (const m of ['impressions', 'device_installs', 'active_devices_last_30_days', 'count_active_visitors', 'paid_amount', 'average_rating']) expect(isMeasureName(m), m).toBe(true);
    for (const d of ['source_relation', 'date_day', 'app_id', 'source_type', 'device', 'status', 'is_active', 'platform_version']) expect(isMeasureName(d), d).toBe(false);
  });

  it('keys Fivetran app-store stats by source, day, app, source type and device', () => {
    // stg_apple_store__usage_device (its columns as the YAML lists them; the SQL's list is a macro's)
    const cols = ['source_relation', 'date_day', 'app_id', 'source_type', 'device', 'active_devices', 'deletions', 'installations', 'sessions'];
    const k = fallbackGrain(input('stg_apple_store__usage_device', cols, { discriminator: 'source_relation' }));
    expect(k?.columns).toEqual(['source_relation', 'date_day', 'app_id', 'source_type', 'device']);
    expect(k?.confidence).toBe(FALLBACK_CONFIDENCE.dimensions);
    // pendo__visitor_daily_metrics: named for many rows per visitor, led by the day
    expect(fallbackGrain(input('pendo__visitor_daily_metrics', ['date_day', 'visitor_id', 'sum_minutes', 'sum_events'], { manyPerEntity: true }))?.columns).toEqual(['date_day', 'visitor_id']);
  });

  it('guesses nothing without a period among the dimensions or without a measure after them', () => {
    // an entity's id and attributes before its first plural name are no time series
    expect(dimensionsBeforeMeasures(['invoice_id', 'account_id', 'line_items'])).toBeUndefined();
    expect(dimensionsBeforeMeasures(['date_day', 'app_id', 'device'])).toBeUndefined();
    expect(dimensionsBeforeMeasures(['date_day', 'installs'])).toBeUndefined();
  });

  it('the leading id still wins where the table is not named for many rows per entity', () => {
    expect(fallbackGrain(input('stg_xero__invoice', ['invoice_id', 'invoice_date', 'line_amounts']))?.columns).toEqual(['invoice_id']);
  });
});
