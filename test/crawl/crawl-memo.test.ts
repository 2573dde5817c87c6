import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlRepoOrReuse } from '../../activities/crawl-memo.js';
import { generatedRepo } from '../helpers/temporal-run.js';

const filesOf = (runDir: string) => {
  const catalog = join(runDir, 'catalog');
  return {
    catalog: readdirSync(catalog).sort().map((f) => [f, readFileSync(join(catalog, f), 'utf8')]),
    index: readFileSync(join(runDir, 'catalog-index.json'), 'utf8'),
    warnings: readFileSync(join(runDir, 'warnings.jsonl'), 'utf8'),
  };
};

describe('an unchanged commit reuses the last crawl (activities/crawl-memo.ts)', () => {
  afterEach(() => {
    delete process.env.GRAINLINE_SQL_MAX_BYTES;
  });

  it('copies the same files a crawl writes, and crawls again when a limit or the cache changes', { timeout: 180_000 }, async () => {
    const repo = await generatedRepo(30, 3);
    const state = mkdtempSync(join(tmpdir(), 'grainline-crawl-memo-'));
    const cacheDir = join(state, 'analysis-cache');
    const crawl = (run: string) => crawlRepoOrReuse({ repo, ref: 'HEAD', runDir: join(state, 'runs', run), maxFileBytes: 1 << 20, cacheDir, shardSize: 10 });

    const first = await crawl('r1');
    expect(first.ms.reused).toBeUndefined(); // nothing to reuse yet
    const second = await crawl('r2');
    expect(second.ms).toEqual({ reused: expect.any(Number) });
    expect(second.shardPaths).toEqual(first.shardPaths.map((p) => p.replace('/r1/', '/r2/')));
    expect({ ...second, ms: {}, shardPaths: [], analysis: {} }).toEqual({ ...first, ms: {}, shardPaths: [], analysis: {} });
    expect(filesOf(join(state, 'runs', 'r2'))).toEqual(filesOf(join(state, 'runs', 'r1')));

    // a limit the analyzers read is part of the key: it may change what the crawl finds
    process.env.GRAINLINE_SQL_MAX_BYTES = '100';
    expect((await crawl('r3')).ms.reused).toBeUndefined();
    delete process.env.GRAINLINE_SQL_MAX_BYTES;

    // the memo names the latest run holding the files; once that folder is pruned, the next run crawls
    expect((await crawl('r4')).ms.reused).toBeUndefined(); // the key changed back: a crawl
    rmSync(join(state, 'runs', 'r4'), { recursive: true });
    const afterPrune = await crawl('r5');
    expect(afterPrune.ms.reused).toBeUndefined();
    expect(filesOf(join(state, 'runs', 'r5'))).toEqual(filesOf(join(state, 'runs', 'r1')));
  });
});
