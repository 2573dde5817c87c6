import { describe, expect, it } from 'vitest';
import { NameResolver } from '../../enrichers/catalog/resolver.js';

describe('resolving names as code writes them', () => {
  const resolver = new NameResolver();
  resolver.add('recommendations', []);
  resolver.add('sales.orders', ['orders_v']);

  it('finds a table under a longer name that ends with it, or by a unique suffix', () => {
    expect(resolver.resolve('proj.sales.orders')).toBe('sales.orders');
    expect(resolver.resolve('orders')).toBe('sales.orders');
    expect(resolver.resolve('ORDERS_V')).toBe('sales.orders');
    expect(resolver.resolve('analytics.recommendations')).toBe('recommendations');
  });

  // bqbooster/dbt-bigquery-monitoring: a model named `recommendations` and another reading
  // `region-us`.`INFORMATION_SCHEMA`.`RECOMMENDATIONS` were wrongly linked.
  it("never takes a warehouse's metadata view for a project table", () => {
    expect(resolver.resolve('`region-us`.`INFORMATION_SCHEMA`.`RECOMMENDATIONS`')).toBeUndefined();
    expect(resolver.resolve('snowflake.account_usage.recommendations')).toBeUndefined();
    expect(resolver.resolve('pg_catalog.recommendations')).toBeUndefined();
  });

  it('still resolves a metadata view the catalog holds under that exact name', () => {
    const r = new NameResolver();
    r.add('region-us.information_schema.jobs', []);
    expect(r.resolve('`region-us`.INFORMATION_SCHEMA.JOBS')).toBe('region-us.information_schema.jobs');
  });
});
