import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbedderMismatchError } from '../../infra/store/embedder.js';
import { openCatalog } from '../../reader/catalog.js';
import { enrichDirect, shopCatalog } from '../reader/shop-catalog.js';

const saved = process.env.GRAINLINE_EMBEDDING_MODEL;
afterEach(() => {
  if (saved === undefined) delete process.env.GRAINLINE_EMBEDDING_MODEL;
  else process.env.GRAINLINE_EMBEDDING_MODEL = saved;
});

describe('the embedder is recorded with the run and read back', () => {
  it('a reader uses the recorded embedder, and fails when it cannot reproduce it; another embedder re-embeds every table', async () => {
    const { repo, db } = await shopCatalog();
    const catalog = await openCatalog(db, {});
    expect(catalog.embedder).toBe('minilm-l6-v2-int8:384');
    const hits = await catalog.search('money made each day in every country', { mode: 'vector', limit: 3 });
    expect(hits.map((h) => h.table)).toContain('marts.fct_daily_revenue');
    catalog.close();

    const noModel = mkdtempSync(join(tmpdir(), 'grainline-nomodel-'));
    await expect(openCatalog(db, { GRAINLINE_EMBEDDING_MODEL_DIR: noModel })).rejects.toThrow(EmbedderMismatchError);

    // nothing changed but the embedder: every table is embedded again, none keeps an old-space vector
    process.env.GRAINLINE_EMBEDDING_MODEL = 'grainline-hashing-v1';
    const again = await enrichDirect(repo, db);
    expect(again.skipped).toBe(0);
    expect(again.enriched).toBe(again.tables - again.failed);
    const hashed = await openCatalog(db, {});
    expect(hashed.embedder).toBe('grainline-hashing-v1:384');
    hashed.close();
    // and the same embedder again skips them all
    const same = await enrichDirect(repo, db);
    expect(same.enriched).toBe(0);
  });
});
