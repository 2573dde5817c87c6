import type OpenAI from 'openai';
import { HASHING_DIM, HASHING_MODEL, hashingEmbed } from '../enrichers/embed/hashing-embedder.js';

export interface Embedder {
  /** recorded with the data so readers embed queries the same way */
  name: string;
  embed(texts: string[]): Promise<number[][]>;
}

export const hashingEmbedder: Embedder = {
  name: `${HASHING_MODEL}:${HASHING_DIM}`,
  embed: async (texts) => texts.map((t) => hashingEmbed(t)),
};

/**
 * OpenAI-compatible embeddings when GRAINLINE_EMBEDDING_MODEL is set (OpenAI, Ollama,
 * vLLM, llama.cpp via OPENAI_BASE_URL), else the embedded hashing embedder.
 */
export function embedderFromEnv(env: NodeJS.ProcessEnv = process.env): Embedder {
  const model = env.GRAINLINE_EMBEDDING_MODEL;
  if (!model || model === HASHING_MODEL) return hashingEmbedder;
  const baseURL = env.OPENAI_BASE_URL || undefined;
  // loaded on first use: the enrich threads start on every run, most without a model
  let client: Promise<OpenAI> | undefined;
  const connect = async () => new (await import('openai')).default({ apiKey: env.OPENAI_API_KEY || 'not-needed', baseURL, maxRetries: 4 });
  return {
    name: `openai:${model}`,
    async embed(texts) {
      const out: number[][] = [];
      const api = await (client ??= connect());
      for (let i = 0; i < texts.length; i += 256) {
        // Non-OpenAI servers often default to base64 or reject it; floats work everywhere.
        const res = await api.embeddings.create({ model, input: texts.slice(i, i + 256), encoding_format: 'float' });
        for (const d of [...res.data].sort((a, b) => a.index - b.index)) out.push(d.embedding as number[]);
      }
      return out;
    },
  };
}

/** The embedder a stored catalog was written with, so queries land in the same space. */
export function embedderByName(name: string, env: NodeJS.ProcessEnv = process.env): Embedder {
  if (name.startsWith('openai:')) return embedderFromEnv({ ...env, GRAINLINE_EMBEDDING_MODEL: name.slice(7) });
  return hashingEmbedder;
}
