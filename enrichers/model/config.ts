/**
 * Model settings that travel in workflow input, built from the resolved settings by
 * infra/config/model-settings.ts. The API key is deliberately absent: workflow input is
 * stored in Temporal history, so activities read OPENAI_API_KEY from their own
 * environment when they build the client.
 */
export interface ModelConfig {
  model: string;
  baseURL: string | null;
  /** 'chat' = Chat Completions with json_schema (any compatible server); 'responses' = Responses API */
  api: 'chat' | 'responses';
  /** model calls in flight per activity */
  concurrency: number;
  timeoutMs: number;
  /** attempts per table for 429/5xx/timeouts inside one activity attempt */
  maxAttemptsPerTable: number;
  /** longest retry-after the activity waits in-process; longer ones go back to Temporal */
  maxInlineRetryAfterMs: number;
  defaultRetryAfterMs: number;
  /** Temporal attempts of a sync activity; on the last one a rate limit becomes warnings, not a failure */
  activityAttempts: number;
  /** consecutive failed tables after which an activity stops calling a server that is down */
  breakerAfterFailures: number;
  /** context budget per table, in estimated tokens (chars / 4) */
  tokenBudget: number;
  maxOutputTokens: number;
  promptVersion: string;
  batchPollSeconds: number;
  /** past the 24h completion window plus slack, stop waiting: cancel and fall back to sync */
  batchMaxWaitSeconds: number;
  /** agentic mode: the model may call read-only repo tools (list_files, read_file, grep); sync Chat Completions only */
  agentic: boolean;
  agentMaxSteps: number;
  /** tool output bytes per table, all steps together */
  agentMaxBytes: number;
}

/** Bump when the prompt or the answer schema changes: it invalidates every model fingerprint. */
export const PROMPT_VERSION = 'grainline-model-v1';

export const DEFAULT_MODEL = 'gpt-4.1-mini';

export function defaultModelConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    model: DEFAULT_MODEL,
    baseURL: null,
    api: 'chat',
    concurrency: 8,
    timeoutMs: 120_000,
    maxAttemptsPerTable: 3,
    maxInlineRetryAfterMs: 30_000,
    defaultRetryAfterMs: 5_000,
    activityAttempts: 5,
    breakerAfterFailures: 10,
    tokenBudget: 6_000,
    maxOutputTokens: 1_500,
    promptVersion: PROMPT_VERSION,
    batchPollSeconds: 60,
    batchMaxWaitSeconds: 25 * 3600,
    agentic: false,
    agentMaxSteps: 6,
    agentMaxBytes: 40_000,
    ...overrides,
  };
}

/** What the caller prints, once per run, when no model is configured (infra/config) or --no-model is given. */
export const STATIC_ONLY_NOTICE = 'no model configured: static enrichment only';
