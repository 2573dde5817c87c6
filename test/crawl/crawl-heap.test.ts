import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crawlRepo } from '../../activities/crawl.js';
import { generatedRepo } from '../helpers/temporal-run.js';

describe('the crawl thread heap cap', () => {
  afterEach(() => {
    delete process.env.GRAINLINE_CRAWL_HEAP_MB;
    vi.restoreAllMocks();
  });

  it('crawls again uncapped, with a warning, when the repo outgrows the cap', { timeout: 120_000 }, async () => {
    const repo = await generatedRepo(60, 5);
    const crawl = (tag: string) => crawlRepo({ repo, ref: 'HEAD', runDir: join(mkdtempSync(join(tmpdir(), 'grainline-heap-')), tag), maxFileBytes: 1 << 20 });
    const roomy = await crawl('roomy');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    process.env.GRAINLINE_CRAWL_HEAP_MB = '2';
    const tight = await crawl('tight');
    expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/outgrew its 2 MB heap/);
    expect({ ...tight, ms: {}, shardPaths: [] }).toEqual({ ...roomy, ms: {}, shardPaths: [] });
  });
});
