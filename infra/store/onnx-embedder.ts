import { readFile } from 'node:fs/promises';
import type { Embedder } from './embedder.js';

/** all-MiniLM-L6-v2 was trained on 128-token inputs; longer ones are cut there. */
export const MAX_TOKENS = 128;
const BATCH = 32;

export interface OnnxModelFiles {
  model: string;
  tokenizer: string;
}

interface Loaded {
  ort: typeof import('onnxruntime-node');
  session: import('onnxruntime-node').InferenceSession;
  tokenizer: import('@huggingface/tokenizers').Tokenizer;
}

/**
 * How the session is made (each choice measured on this model, ort 1.31; CPU times):
 * - an `epContextDataRead` callback (never called: this model has no EPContext nodes)
 *   makes the binding load the model on a thread of its own instead of blocking the
 *   event loop (onnxruntime-node's backend.js), so a search opens LanceDB meanwhile;
 * - graph optimizations ('all') cost ~230 ms at create and make each run ~5 ms, where
 *   none cost ~75 ms and ~60 ms a run (the int8 weights are dequantized at every run):
 *   a one-off query skips them, anything embedding more keeps them. The two give
 *   vectors within 2e-7 per component (a float32 rounding), so either reads the other's.
 */
const sessionOptions = (oneOff: boolean): import('onnxruntime-node').InferenceSession.SessionOptions => ({
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionProviders: ['cpu'],
  ...(oneOff ? { graphOptimizationLevel: 'disabled' as const } : {}),
  epContextDataRead: { callback: () => new Uint8Array(0), maxDataSize: 1 },
});

/**
 * A sentence-transformers model in ONNX, run on the CPU by onnxruntime-node: WordPiece
 * tokens from its tokenizer.json (@huggingface/tokenizers), the last hidden state
 * mean-pooled over real tokens, L2-normalized. One intra-op thread: the enrich
 * threads already use one core each. Loaded on first use, from local files only.
 */
export function onnxEmbedder(name: string, files: OnnxModelFiles, dim: number): Embedder {
  let loaded: Promise<Loaded> | undefined;
  const load = async (oneOff = false): Promise<Loaded> => {
    const [ort, { Tokenizer }, tokenizerJson] = await Promise.all([
      import('onnxruntime-node'),
      import('@huggingface/tokenizers'),
      readFile(files.tokenizer, 'utf8'),
    ]);
    const session = await ort.InferenceSession.create(files.model, sessionOptions(oneOff));
    return { ort, session, tokenizer: new Tokenizer(JSON.parse(tokenizerJson), {}) };
  };
  return {
    name,
    dim,
    warm(opts) {
      (loaded ??= load(opts?.oneOff)).catch(() => undefined); // a failure surfaces at the first embed
    },
    async embed(texts) {
      const m = await (loaded ??= load());
      const ids = texts.map((t) => tokenIds(m.tokenizer, t));
      // similar lengths together: less padding to compute
      const order = ids.map((_, i) => i).sort((a, b) => ids[a].length - ids[b].length);
      const out: number[][] = new Array(texts.length);
      for (let s = 0; s < order.length; s += BATCH) {
        const idx = order.slice(s, s + BATCH);
        const vecs = await runBatch(m, idx.map((i) => ids[i]), dim);
        idx.forEach((i, k) => (out[i] = vecs[k]));
      }
      return out;
    },
  };
}

function tokenIds(tokenizer: Loaded['tokenizer'], text: string): number[] {
  const ids = tokenizer.encode(text).ids;
  // keep [CLS] .. and the closing [SEP]
  return ids.length > MAX_TOKENS ? [...ids.slice(0, MAX_TOKENS - 1), ids[ids.length - 1]] : ids;
}

async function runBatch(m: Loaded, batch: number[][], dim: number): Promise<number[][]> {
  const n = batch.length;
  const len = Math.max(1, ...batch.map((b) => b.length));
  const inputIds = new BigInt64Array(n * len);
  const mask = new BigInt64Array(n * len);
  batch.forEach((b, i) =>
    b.forEach((id, j) => {
      inputIds[i * len + j] = BigInt(id);
      mask[i * len + j] = 1n;
    }),
  );
  const feeds: Record<string, import('onnxruntime-node').Tensor> = {
    input_ids: new m.ort.Tensor('int64', inputIds, [n, len]),
    attention_mask: new m.ort.Tensor('int64', mask, [n, len]),
  };
  if (m.session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new m.ort.Tensor('int64', new BigInt64Array(n * len), [n, len]);
  const res = await m.session.run(feeds);
  const hidden = res[m.session.outputNames[0]];
  const data = hidden.data as Float32Array;
  const d = hidden.dims[2];
  if (d !== dim) throw new Error(`embedding model gives ${d} dimensions, expected ${dim}`);
  return batch.map((b, i) => {
    const v = new Float64Array(d);
    for (let j = 0; j < b.length; j++) {
      const off = (i * len + j) * d;
      for (let k = 0; k < d; k++) v[k] += data[off + k];
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += v[k] * v[k];
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  });
}
