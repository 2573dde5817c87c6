import { describe, expect, it } from 'vitest';
import { calibrateCodeowners } from '../../enrichers/owners/codeowners-calibrate.js';
import { ownersForPath, parseCodeowners } from '../../enrichers/owners/codeowners.js';
import { mergeOwners } from '../../enrichers/merge/owners.js';
import { declared } from './owner-fixtures.js';

// A folder-per-table repo whose CODEOWNERS gives each dataset folder to a reviewing team
// while every table's metadata.yaml names the person who owns it.
const { rules } = parseCodeowners(
  '.github/CODEOWNERS',
  ['/sql/shop-prod/sales_derived/ @shop/data-eng', '/sql/shop-prod/stock_derived/ @kim', ''].join('\n'),
);
const tbl = (dataset: string, name: string, owners: string[]) => ({
  id: `shop-prod.${dataset}.${name}`,
  codeowners: ownersForPath(rules, `sql/shop-prod/${dataset}/${name}/query.sql`),
  declared: owners.map((o) => declared(o)),
});

describe('calibrateCodeowners', () => {
  const tables = [
    tbl('sales_derived', 'orders_v1', ['ana@shop.test']),
    tbl('sales_derived', 'refunds_v1', ['ana@shop.test']),
    tbl('sales_derived', 'returns_v1', ['raj@shop.test']),
    tbl('sales_derived', 'discounts_v1', []),
    tbl('stock_derived', 'levels_v1', ['kim@shop.test']),
    tbl('stock_derived', 'moves_v1', ['kim@shop.test']),
    tbl('stock_derived', 'counts_v1', ['kim@shop.test']),
    tbl('stock_derived', 'audits_v1', []),
  ];
  const out = calibrateCodeowners(tables);

  it('a rule that names none of the owners the tables under it declare becomes a weak inference', () => {
    // proves: 0 of 3 declaring tables agree -> heuristic at 0.9 x 1/5 = 0.18, below a 0.6 x 2/3 x 3/4 = 0.3 sibling majority
    expect(out.get('shop-prod.sales_derived.discounts_v1')).toEqual([expect.objectContaining({ id: '@shop/data-eng', source: 'heuristic', confidence: 0.18 })]);
    const merged = mergeOwners([...out.get('shop-prod.sales_derived.discounts_v1')!, { id: 'ana@shop.test', kind: 'user', source: 'heuristic', confidence: 0.3 }], null);
    expect(merged.owners[0].id).toBe('ana@shop.test');
  });

  it('a rule the declarations agree with stays declared', () => {
    // proves: @kim matches kim@shop.test on 3 of 3 tables -> still codeowners at 0.9
    expect(out.get('shop-prod.stock_derived.audits_v1')).toEqual([expect.objectContaining({ id: '@kim', source: 'codeowners', confidence: 0.9 })]);
  });

  it('a rule over too few declaring tables keeps its word', () => {
    // proves: with two declaring tables the evidence is too thin to overrule CODEOWNERS
    const few = calibrateCodeowners(tables.filter((t) => t.id !== 'shop-prod.sales_derived.returns_v1'));
    expect(few.get('shop-prod.sales_derived.discounts_v1')?.[0]).toMatchObject({ source: 'codeowners' });
  });
});
