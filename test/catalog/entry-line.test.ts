import { describe, expect, it } from 'vitest';
import { entryLine, linkCatalog } from '../../enrichers/catalog/link.js';
import type { FileFacts, TableFact } from '../../schemas/facts.js';

const table = (name: string, extra: Partial<TableFact> = {}): TableFact => ({
  name, defines: true, aliases: [], upstream: [], columns: [], grain: [], joinKeys: [], owners: [], descriptions: [], consumers: [], tags: [], ...extra,
});
const files: FileFacts[] = [
  { file: 'jobs/orders.sql', tables: [table('sales.orders', { upstream: [{ name: 'raw.orders', source: 'sql', confidence: 0.9 }], columns: [{ name: 'id', source: 'sql' }] })], joins: [], warnings: [] },
  { file: 'jobs/raw.sql', tables: [table('raw.orders')], joins: [], warnings: [{ file: 'jobs/raw.sql', code: 'x', message: 'odd', line: 3 }] },
];
const entry = () => linkCatalog(files, []).entries.find((e) => e.id === 'sales.orders')!;
const hashes = new Map([['jobs/orders.sql', 'aaa']]);
const owner = (confidence: number) => table('sales.orders', { defines: false, owners: [{ id: 'ana@acme.io', kind: 'user', source: 'git', confidence }] });

describe('a catalog entry line', () => {
  it('is the entry as JSON, with the owner facts and similar tables the crawl adds', () => {
    const e = entry();
    const similar = [{ table: 'sales.orders_v2', reason: 'versioned-name' as const, score: 1 }];
    const { line, fingerprint } = entryLine(e, { facts: [owner(0.7)], similar }, hashes, 'ana@acme.io');
    expect(JSON.parse(line)).toEqual({ ...e, facts: [...e.facts, owner(0.7)], similar, fingerprint });
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps its fingerprint when only git scores or similar tables move', () => {
    const a = entryLine(entry(), { facts: [owner(0.7)], similar: [] }, hashes, 'ana@acme.io');
    const b = entryLine(entry(), { facts: [owner(0.4)], similar: [{ table: 'x.y', reason: 'column-overlap', score: 0.8 }] }, hashes, 'ana@acme.io');
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('changes its fingerprint with the facts, the blob hashes or the owners', () => {
    const base = entryLine(entry(), { facts: [], similar: [] }, hashes, 'ana@acme.io').fingerprint;
    const moreColumns = entry();
    moreColumns.facts[0].columns.push({ name: 'amount', source: 'sql' });
    expect(entryLine(moreColumns, { facts: [], similar: [] }, hashes, 'ana@acme.io').fingerprint).not.toBe(base);
    expect(entryLine(entry(), { facts: [], similar: [] }, new Map([['jobs/orders.sql', 'bbb']]), 'ana@acme.io').fingerprint).not.toBe(base);
    expect(entryLine(entry(), { facts: [], similar: [] }, hashes, 'bo@acme.io').fingerprint).not.toBe(base);
  });
});
