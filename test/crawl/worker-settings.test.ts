import { describe, expect, it } from 'vitest';
import { workerSettings } from '../../infra/config/worker-settings.js';

describe("a worker's own settings (threads, heap caps and activity slots)", () => {
  it('takes a positive integer and counts anything else as unset, falling back to the default', () => {
    expect(workerSettings({})).toEqual({ analyzeThreads: undefined, smallUnitHeapMb: 192, crawlHeapMb: 1536, enrichHeapMb: 384, activities: 16 });
    const set = workerSettings({ GRAINLINE_ANALYZE_THREADS: '3', GRAINLINE_ENRICH_HEAP_MB: '64', GRAINLINE_CRAWL_HEAP_MB: '2048', GRAINLINE_WORKER_ACTIVITIES: '4' });
    expect(set).toMatchObject({ analyzeThreads: 3, enrichHeapMb: 64, crawlHeapMb: 2048, activities: 4 });
    for (const bad of ['0', '-2', '1.5', 'lots', '']) expect(workerSettings({ GRAINLINE_SMALL_UNIT_HEAP_MB: bad }).smallUnitHeapMb).toBe(192);
  });
});
