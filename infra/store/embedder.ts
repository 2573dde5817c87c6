import type OpenAI from 'openai';
import { HASHING_DIM, HASHING_MODEL, hashingEmbed } from '../../enrichers/embed/hashing-embedder.js';
// plain JS shared with the postinstall script that installs the model
import { EMBEDDING_MODEL_NAME, findEmbeddingModel, modelDir } from './embedding-model.mjs';
import { onnxEmbedder } from './onnx-embedder.js';
import { resolveSettings } from '../config/resolve-config.js';
import { runConfigOr, type EmbeddingChoice } from '../config/run-config.js';

export interface Embedder {
  /** recorded with the data so readers embed queries the same way */
  name: string;
  /** vector length, when known without embedding anything */
  dim?: number;
  embed(texts: string[]): Promise<number[][]>;
  /** starts loading what `embed` needs (a model session), without waiting for it; `oneOff`: for a single query */
  warm?(opts?: { oneOff?: boolean }): void;
}

export const hashingEmbedder: Embedder = {
  name: `${HASHING_MODEL}:${HASHING_DIM}`,
  dim: HASHING_DIM,
  embed: async (texts) => texts.map((t) => hashingEmbed(t)),
};

export const SEMANTIC_MODEL = EMBEDDING_MODEL_NAME;
const SEMANTIC_DIM = 384;
const SEMANTIC_NAME = `${SEMANTIC_MODEL}:${SEMANTIC_DIM}`;

/** The embedded semantic model (all-MiniLM-L6-v2, int8 ONNX), or undefined when its files are not installed. */
export function semanticEmbedder(env: NodeJS.ProcessEnv = process.env): Embedder | undefined {
  const files = findEmbeddingModel(env);
  if (!files) return undefined;
  // one loaded session per model file and thread: every shard and the writer ask for it,
  // and each new embedder would load the model again
  let e = loadedModels.get(files.model);
  if (!e) loadedModels.set(files.model, (e = onnxEmbedder(SEMANTIC_NAME, files, SEMANTIC_DIM)));
  return e;
}

const loadedModels = new Map<string, Embedder>();

/**
 * Starts loading the embedder a catalog is most likely written with (the semantic model,
 * unless GRAINLINE_EMBEDDING_MODEL names another) while the reader opens LanceDB: its
 * session is most of a one-off search's start (`oneOff`: the command embeds one query).
 * The reader still takes the embedder the catalog names (embedderByName): this one is
 * the same object when that is the model.
 */
export function warmLikelyEmbedder(opts: { oneOff?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): void {
  const model = resolveSettings({ env }).embeddingModel;
  if (!model || model === SEMANTIC_MODEL) semanticEmbedder(env)?.warm?.(opts);
}

let warned = false;

/**
 * The embedder of a run, chosen once from the environment:
 * - GRAINLINE_EMBEDDING_MODEL unset: the embedded semantic model that `npm ci` installs
 *   (all-MiniLM-L6-v2 on onnxruntime-node) for catalogs up to GRAINLINE_SEMANTIC_MAX_TABLES,
 *   else the hashing embedder (said once when the model is missing);
 * - `grainline-hashing-v1` (or `hashing`): the hashing embedder, which downloads nothing;
 * - `minilm-l6-v2-int8`: the semantic model, an error when it is not installed;
 * - any other name: that model on an OpenAI-compatible server (OpenAI, Ollama, vLLM,
 *   llama.cpp via OPENAI_BASE_URL).
 */
export function embedderFromEnv(env: NodeJS.ProcessEnv = process.env, catalogTables?: number): Embedder {
  return embedderByName(chooseEmbedder(env, catalogTables), env);
}

/**
 * The name of the embedder a run uses, by the rules above. A run chooses once (the
 * crawl, which knows the catalog's size) and every shard and the writer embed with
 * that name: workers whose environments differ then fail loudly instead of writing
 * vectors of two spaces. Only checks that the model files exist; loads nothing.
 */
export function chooseEmbedder(env: NodeJS.ProcessEnv = process.env, catalogTables?: number): string {
  return pickEmbedder(runConfigOr(undefined, env).embedding, catalogTables, env);
}

/**
 * The same, for the choice a run carries (infra/config/run-config.ts); `env` is this
 * worker's own, for where the model files are.
 */
export function pickEmbedder(choice: EmbeddingChoice, catalogTables?: number, env: NodeJS.ProcessEnv = process.env): string {
  const { model } = choice;
  if (model === HASHING_MODEL || model === 'hashing') return hashingEmbedder.name;
  // On a CPU the semantic model embeds some 20-40 descriptions a second per core: past
  // this size a first (or --full) night would blow the run's time budget, so the default
  // stays the hashing embedder there unless GRAINLINE_EMBEDDING_MODEL asks for the model.
  if (!model && catalogTables !== undefined && catalogTables > choice.semanticMaxTables) return hashingEmbedder.name;
  if (!model || model === SEMANTIC_MODEL) {
    if (findEmbeddingModel(env)) return SEMANTIC_NAME;
    if (model) throw new Error(`GRAINLINE_EMBEDDING_MODEL=${model} but its files are not at ${modelDir(env)}: run \`npm ci\` (or node scripts/install-embedding-model.mjs)`);
    if (!warned) console.warn(`grainline: no embedding model at ${modelDir(env)}; using the hashing embedder (keyword-like, no semantics)`);
    warned = true;
    return hashingEmbedder.name;
  }
  return `openai:${model}`;
}

/** A model on an OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp via OPENAI_BASE_URL). */
function openaiEmbedder(model: string, env: NodeJS.ProcessEnv): Embedder {
  const { openaiBaseUrl: baseURL, openaiApiKey } = resolveSettings({ env });
  // loaded on first use: the enrich threads start on every run, most without a model
  let client: Promise<OpenAI> | undefined;
  const connect = async () => new (await import('openai')).default({ apiKey: openaiApiKey || 'not-needed', baseURL, maxRetries: 4 });
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

/** The embedder of a run's shards and writer: the one the crawl chose, else (an older run in flight) by the rules above. */
export function runEmbedder(input: { embedder?: string; catalogTables?: number }): Embedder {
  return input.embedder ? embedderByName(input.embedder) : embedderFromEnv(process.env, input.catalogTables);
}

/**
 * The embedder a stored catalog was written with, so queries land in the same space.
 * One that this reader cannot reproduce is an error, never a silent fallback: vectors
 * of another space would rank garbage.
 */
export function embedderByName(name: string, env: NodeJS.ProcessEnv = process.env): Embedder {
  if (name.startsWith('openai:')) return openaiEmbedder(name.slice(7), env);
  if (name === hashingEmbedder.name) return hashingEmbedder;
  if (name === SEMANTIC_NAME) {
    const semantic = semanticEmbedder(env);
    if (!semantic) throw new EmbedderMismatchError(`the catalog was embedded with ${name}, whose model files are not at ${modelDir(env)}: run \`npm ci\` or set GRAINLINE_EMBEDDING_MODEL_DIR`);
    return semantic;
  }
  throw new EmbedderMismatchError(`the catalog was embedded with ${name || 'an unrecorded embedder'}, which this Grainline cannot reproduce: re-run \`grainline enrich --full\``);
}

export class EmbedderMismatchError extends Error {
  override name = 'EmbedderMismatchError';
}
