import { describe, expect, it } from 'vitest';
import { nameSuffix, normalizeName, splitName } from '../../enrichers/names.js';

describe('table names made comparable', () => {
  it.each([
    ['analytics.orders', 'analytics.orders'],
    ['Analytics.Orders', 'analytics.orders'],
    ['"Analytics"."Orders"', 'analytics.orders'],
    ['`acme-prod.sales.orders`', 'acme-prod.sales.orders'],
    ['[dbo].[Orders]', 'dbo.orders'],
    [' analytics . orders ', 'analytics.orders'],
    ['analytics..orders', 'analytics.orders'],
    ['ÉTÉ.ventes', 'été.ventes'],
    ['raw.orders$1', 'raw.orders$1'],
  ])('%s → %s', (raw, normal) => {
    expect(normalizeName(raw)).toBe(normal);
    expect(splitName(raw).join('.')).toBe(normal);
    // a normal name is its own normal form
    expect(normalizeName(normal)).toBe(normal);
  });

  it('takes suffixes part by part', () => {
    expect(nameSuffix('"Acme"."Sales"."Orders"', 2)).toBe('sales.orders');
    expect(splitName('acme.sales.orders')).toEqual(['acme', 'sales', 'orders']);
  });
});
