import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { onnxEmbedder } from '../../infra/store/onnx-embedder.js';
import { findEmbeddingModel } from '../../infra/store/embedding-model.mjs';

// A new embedder per case: semanticEmbedder() would hand back one already loaded.
const fresh = () => onnxEmbedder('minilm-l6-v2-int8:384', findEmbeddingModel({})!, 384);
const QUERY = 'orders by customer and day';

describe("a search's embedder, started early (cli/commands/read.ts)", () => {
  it('loads its model session off the event loop: the reader opens LanceDB meanwhile', async () => {
    const e = fresh();
    let turns = 0;
    let loading = true;
    const counting = (async () => {
      while (loading) {
        await tick();
        turns++;
      }
    })();
    e.warm!({ oneOff: true });
    await e.embed([QUERY]);
    loading = false;
    await counting;
    // measured: ~26,000 turns; a session made on the event loop (onnxruntime's default)
    // blocks it for the whole create, leaving ~200 turns around the module's import
    expect(turns).toBeGreaterThan(2000);
  });

  it('embeds a one-off query (graph optimizations skipped) as the catalog-writing session does, to float32 rounding', async () => {
    const oneOff = fresh();
    oneOff.warm!({ oneOff: true });
    const [q] = await oneOff.embed([QUERY]);
    const [w] = await fresh().embed([QUERY]);
    expect(Math.max(...q.map((x, i) => Math.abs(x - w[i])))).toBeLessThan(1e-6);
  });
});
