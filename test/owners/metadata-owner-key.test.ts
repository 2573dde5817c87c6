import { describe, expect, it } from 'vitest';
import { folderTableFacts } from '../../enrichers/metadata/folder-table-facts.js';

const ownersOf = (metadata: string) =>
  folderTableFacts([
    { path: 'sql/shop-prod/sales/t/query.sql', content: 'SELECT 1 AS x' },
    { path: 'sql/shop-prod/sales/t/metadata.yaml', content: metadata },
  ])
    .flatMap((f) => f.tables)
    .flatMap((t) => t.owners)
    .map((o) => [o.id, o.source]);

describe('metadata.yaml owners', () => {
  it('reads a single `owner:` as well as an `owners:` list, and {name, email} entries', () => {
    // proves: the singular key and object entries are declarations too
    expect(ownersOf('owner: ana@shop.test\n')).toEqual([['ana@shop.test', 'metadata-yaml']]);
    expect(ownersOf('owners:\n- raj@shop.test\n- {name: Kim, email: kim@shop.test}\n')).toEqual([
      ['raj@shop.test', 'metadata-yaml'],
      ['kim@shop.test', 'metadata-yaml'],
    ]);
  });
});
