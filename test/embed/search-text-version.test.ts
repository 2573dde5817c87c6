import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEARCH_TEXT_VERSION, searchTextOf } from '../../enrichers/embed/search-text.js';
import { hashingEmbedder } from '../../infra/store/embedder.js';
import { runPaths } from '../../infra/run-folder/run-paths.js';
import type { TableRecord } from '../../schemas/table-record.js';

/** A run folder whose shard 0 holds one table, `analytics.orders`, stored with `stored` as its fingerprint. */
function runDir(stored?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'grainline-search-text-'));
  const paths = runPaths(dir);
  mkdirSync(dirname(paths.catalogKeys(0)), { recursive: true });
  writeFileSync(paths.catalogKeys(0), JSON.stringify([['analytics.orders', 'entry-fp']]));
  if (stored) {
    mkdirSync(dirname(paths.stored(0)), { recursive: true });
    writeFileSync(paths.stored(0), JSON.stringify({ 'analytics.orders': stored }));
  }
  return dir;
}
const select = (dir: string) => ({ shard: 0, runDir: dir, full: false, embedder: hashingEmbedder.name });

/**
 * The search text is built by code, after the table's entry is fingerprinted: an
 * incremental run re-embeds only tables whose fingerprint changed, so a new search
 * text reached only tables that changed for other reasons (the bug). Its version is
 * part of the fingerprint now.
 */
describe('the search text version in the table fingerprint', () => {
  afterEach(() => {
    vi.doUnmock('../../enrichers/embed/search-text.js');
    vi.resetModules();
  });

  it('an unchanged table is skipped under the same search text, re-embedded under a new one', async () => {
    const { shardWork } = await import('../../activities/shard-fingerprints.js');
    const fingerprint = (await shardWork(select(runDir()))).tables[0].fingerprint;
    expect((await shardWork(select(runDir(fingerprint)))).skipped).toBe(1);

    vi.resetModules();
    vi.doMock('../../enrichers/embed/search-text.js', async (original) => ({
      ...(await original<typeof import('../../enrichers/embed/search-text.js')>()),
      SEARCH_TEXT_VERSION: SEARCH_TEXT_VERSION + 1,
    }));
    const bumped = await import('../../activities/shard-fingerprints.js');
    const work = await bumped.shardWork(select(runDir(fingerprint)));
    expect(work.skipped).toBe(0);
    expect(work.tables.map((t) => t.id)).toEqual(['analytics.orders']);
  });

  // A change detector, not a result: when searchTextOf's output changes, bump
  // SEARCH_TEXT_VERSION (so stored tables are re-embedded) and re-pin this hash.
  it(`the text version ${SEARCH_TEXT_VERSION} makes is pinned`, () => {
    // every field searchTextOf reads, by hand: a change to merging must not trip this
    const record = {
      table: 'analytics.daily_orders',
      kind: 'dbt model',
      description: 'Orders per day: Web shop orders, one row a day.\nmore',
      annotations: { description: 'Curated.', caveats: ['Late orders land a day later.'], deprecated: true, replacedBy: 'analytics.orders_v2' },
      grain: { statement: 'One row per order_date.' },
      columns: [{ name: 'order_date', description: 'Day' }, { name: 'orders' }],
      joinKeys: [{ table: 'analytics.dim_dates', columns: ['order_date'] }],
      tags: ['finance'],
      usage: { canonicalExamples: [{ sql: 'select * from daily_orders' }] },
    } as unknown as TableRecord;
    const text = searchTextOf(record);
    expect(text).toContain('Joins dim dates on order_date.');
    expect({ version: SEARCH_TEXT_VERSION, text: createHash('sha256').update(text).digest('hex').slice(0, 16) }).toEqual({ version: 1, text: '65644a0b4da2ef2d' });
  });
});
