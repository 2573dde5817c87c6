import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseEmbedder, EmbedderMismatchError, embedderByName, embedderFromEnv, hashingEmbedder, runEmbedder, semanticEmbedder } from '../../infra/store/embedder.js';
import { findEmbeddingModel } from '../../infra/store/embedding-model.mjs';

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const empty = () => mkdtempSync(join(tmpdir(), 'grainline-nomodel-'));

describe('the embedded semantic embedder (all-MiniLM-L6-v2 int8 on onnxruntime-node)', () => {
  it('is installed by npm ci, with the checksums the installer pins', () => {
    expect(findEmbeddingModel({}, { verify: true })).toBeDefined();
  });

  it('is the default, and its vectors carry meaning the hashing embedder cannot see', async () => {
    const e = embedderFromEnv({});
    expect(e.name).toBe('minilm-l6-v2-int8:384');
    const texts = [
      'weekly active users by country',
      'how many people used the app each week in every nation',
      'invoice line items with tax amounts',
    ];
    const [a, b, c] = await e.embed(texts);
    expect(a).toHaveLength(384);
    expect(Math.hypot(...a)).toBeCloseTo(1, 4);
    // no word in common, same meaning: close; a different topic: far
    expect(cos(a, b)).toBeGreaterThan(0.45);
    expect(cos(a, c)).toBeLessThan(0.2);
    const [ha, hb] = await hashingEmbedder.embed(texts.slice(0, 2));
    expect(cos(ha, hb)).toBeLessThan(cos(a, b) - 0.2);
  });

  it('gives the same vector for a text alone or in a batch of texts of other lengths (padding is masked)', async () => {
    const e = semanticEmbedder({})!;
    const long = 'one row per order and line number, joined to customers on customer_id; '.repeat(20);
    const [alone] = await e.embed(['orders placed in Latin America']);
    const batch = await e.embed([long, 'orders placed in Latin America', 'x']);
    alone.forEach((v, i) => expect(batch[1][i]).toBeCloseTo(v, 4));
    expect(batch[0]).toHaveLength(384); // longer than 128 tokens: cut, not an error
  });

  it('is the default only up to GRAINLINE_SEMANTIC_MAX_TABLES tables, unless asked for by name', () => {
    expect(embedderFromEnv({}, 20_000).name).toBe('minilm-l6-v2-int8:384');
    // a 100k-table catalog would spend most of its night embedding on a CPU
    expect(embedderFromEnv({}, 20_001).name).toBe(hashingEmbedder.name);
    expect(embedderFromEnv({ GRAINLINE_SEMANTIC_MAX_TABLES: '200000' }, 100_000).name).toBe('minilm-l6-v2-int8:384');
    expect(embedderFromEnv({ GRAINLINE_EMBEDDING_MODEL: 'minilm-l6-v2-int8' }, 100_000).name).toBe('minilm-l6-v2-int8:384');
  });

  it('falls back to the hashing embedder when the model is missing, unless it was asked for by name', () => {
    const dir = empty();
    expect(embedderFromEnv({ GRAINLINE_EMBEDDING_MODEL_DIR: dir }).name).toBe(hashingEmbedder.name);
    expect(() => embedderFromEnv({ GRAINLINE_EMBEDDING_MODEL_DIR: dir, GRAINLINE_EMBEDDING_MODEL: 'minilm-l6-v2-int8' })).toThrow(/not at/);
    expect(embedderFromEnv({ GRAINLINE_EMBEDDING_MODEL: 'grainline-hashing-v1' }).name).toBe(hashingEmbedder.name);
  });

  it('a reader that cannot reproduce the recorded embedder fails instead of ranking garbage', () => {
    expect(embedderByName('minilm-l6-v2-int8:384', {}).name).toBe('minilm-l6-v2-int8:384');
    expect(embedderByName(hashingEmbedder.name, {})).toBe(hashingEmbedder);
    expect(() => embedderByName('minilm-l6-v2-int8:384', { GRAINLINE_EMBEDDING_MODEL_DIR: empty() })).toThrow(EmbedderMismatchError);
    expect(() => embedderByName('some-future-model:768', {})).toThrow(EmbedderMismatchError);
    expect(() => embedderByName('', {})).toThrow(EmbedderMismatchError);
  });
});

describe('the semantic embedder across shards', () => {
  it('is one loaded model per process, however many shards ask for it', () => {
    expect(semanticEmbedder({})).toBe(semanticEmbedder({}));
    expect(embedderFromEnv({}, 10)).toBe(embedderFromEnv({}, 10));
  });
});

describe('one embedder per run', () => {
  it('is named by the crawl and used by name after, whatever a later worker would choose itself', () => {
    // the crawl's worker has no model files: it chooses the hashing embedder for the run
    const chosen = chooseEmbedder({ GRAINLINE_EMBEDDING_MODEL_DIR: empty() }, 10);
    expect(chosen).toBe(hashingEmbedder.name);
    // a shard on a worker that has the model still embeds with the run's choice
    expect(embedderFromEnv({}, 10).name).toBe('minilm-l6-v2-int8:384');
    expect(runEmbedder({ embedder: chosen, catalogTables: 10 })).toBe(hashingEmbedder);
    // a run recorded before the choice was carried falls back to choosing from the size
    expect(runEmbedder({ catalogTables: 10 }).name).toBe('minilm-l6-v2-int8:384');
    expect(chooseEmbedder({ GRAINLINE_EMBEDDING_MODEL: 'nomic-embed-text' })).toBe('openai:nomic-embed-text');
  });
});
