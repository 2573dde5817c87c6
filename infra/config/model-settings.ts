import { defaultModelConfig, type ModelConfig } from '../../enrichers/model/config.js';
import { resolveSettings, type Env } from './resolve-config.js';
import type { Settings } from './settings.js';

/**
 * The model settings a run carries, or null: static enrichment only. A base URL alone
 * turns the model on because local servers (Ollama, vLLM, llama.cpp) need no key; the
 * key itself stays out (workflow input is stored in Temporal history).
 */
export function modelConfigOf(s: Settings): ModelConfig | null {
  if (!s.openaiApiKey && !s.openaiBaseUrl) return null;
  const overrides: Partial<ModelConfig> = { baseURL: s.openaiBaseUrl ?? null, api: s.modelApi, agentic: s.modelAgentic };
  if (s.model) overrides.model = s.model;
  if (s.modelConcurrency) overrides.concurrency = s.modelConcurrency;
  if (s.modelTokenBudget) overrides.tokenBudget = s.modelTokenBudget;
  return defaultModelConfig(overrides);
}

export const modelConfigFromEnv = (env: Env): ModelConfig | null => modelConfigOf(resolveSettings({ env }));

/** The model server's key, from this worker's own environment. */
export const openaiApiKey = (env: Env = process.env): string | undefined => resolveSettings({ env }).openaiApiKey;
