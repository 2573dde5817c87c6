import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { storedFingerprints, TABLES } from '../../infra/store/lance-store.js';
import { tableRecordArrowSchema } from '../../schemas/arrow.js';

/**
 * Found by `npm run chaos`: the CLI killed while it wrote left a tables table created
 * but never filled, and every later run failed reading it ("Cannot read properties
 * of null (reading 'toArray')": an empty table comes back with no columns at all).
 */
describe('a tables table a killed write made but never filled', () => {
  it('reads as no stored tables, so the next run enriches them all', async () => {
    const db = await lancedb.connect(mkdtempSync(join(tmpdir(), 'grainline-empty-')));
    await db.createEmptyTable(TABLES, tableRecordArrowSchema(8));
    expect(await storedFingerprints(db)).toEqual(new Map());
  });
});
