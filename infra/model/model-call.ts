import OpenAI, { APIConnectionError, APIError } from 'openai';
import type { ModelConfig } from '../../enrichers/model/config.js';
import { chatRequestBody, parseAnswer, responsesRequestBody } from '../../enrichers/model/prompt.js';
import type { ModelAnswer, TokenUsage } from '../../schemas/model-answer.js';
import { addTokens, NO_TOKENS } from '../../enrichers/model/pricing.js';
import { openaiApiKey } from '../config/model-settings.js';

/**
 * The SDK never retries (maxRetries 0): retry decisions are ours, bounded per table,
 * and escalate to Temporal (with the server's retry-after) when a rate limit outlasts
 * what one activity attempt should wait. The key comes from the worker's environment,
 * never from workflow input.
 */
export function modelClient(config: ModelConfig, env: NodeJS.ProcessEnv = process.env): OpenAI {
  return new OpenAI({
    apiKey: openaiApiKey(env) || 'no-key',
    baseURL: config.baseURL ?? undefined,
    maxRetries: 0,
    timeout: config.timeoutMs,
  });
}

export interface RawAnswer {
  text: string | null;
  tokens: TokenUsage;
  /** HTTP requests behind this answer when more than one (agentic steps) */
  requests?: number;
}

/** How one answer is obtained: a single request, or an agentic loop (model-agent.ts). */
export type Ask = (client: OpenAI, config: ModelConfig, context: string) => Promise<RawAnswer>;

/**
 * Text and token usage from a Chat Completions or Responses body, typed or raw (batch
 * output lines carry the same bodies as JSON).
 */
export function answerFromBody(api: ModelConfig['api'], body: any): RawAnswer {
  if (api === 'responses') {
    const text = (body?.output ?? [])
      .flatMap((o: any) => (o?.type === 'message' ? o.content ?? [] : []))
      .map((c: any) => (c?.type === 'output_text' ? c.text : ''))
      .join('');
    const u = body?.usage;
    return { text, tokens: { input: u?.input_tokens ?? 0, output: u?.output_tokens ?? 0, cached: u?.input_tokens_details?.cached_tokens ?? 0 } };
  }
  const u = body?.usage;
  return {
    text: body?.choices?.[0]?.message?.content ?? null,
    tokens: { input: u?.prompt_tokens ?? 0, output: u?.completion_tokens ?? 0, cached: u?.prompt_tokens_details?.cached_tokens ?? 0 },
  };
}

export async function requestAnswer(client: OpenAI, config: ModelConfig, context: string): Promise<RawAnswer> {
  if (config.api === 'responses') return answerFromBody('responses', await client.responses.create(responsesRequestBody(config, context)));
  return answerFromBody('chat', await client.chat.completions.create(chatRequestBody(config, context)));
}

export type FailureType = 'ModelRateLimited' | 'ModelServerError' | 'ModelTimeout' | 'ModelRequestRejected';

export interface Classified {
  type: FailureType;
  retryable: boolean;
  delayMs: number;
  message: string;
}

/** retry-after-ms, then retry-after in seconds or as an HTTP date; null if absent. */
export function retryAfterMs(headers: Headers | undefined | null): number | null {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms)) return Math.max(0, ms);
  const ra = headers?.get('retry-after');
  if (!ra) return null;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(ra);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

export function classifyError(err: unknown, config: ModelConfig, attempt: number): Classified {
  const backoff = config.defaultRetryAfterMs * 2 ** (attempt - 1);
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof APIConnectionError) return { type: 'ModelTimeout', retryable: true, delayMs: backoff, message };
  if (err instanceof APIError && typeof err.status === 'number') {
    const delay = retryAfterMs(err.headers as Headers | undefined) ?? backoff;
    if (err.status === 429) return { type: 'ModelRateLimited', retryable: true, delayMs: delay, message };
    if (err.status >= 500 || err.status === 408 || err.status === 409)
      return { type: 'ModelServerError', retryable: true, delayMs: delay, message };
    return { type: 'ModelRequestRejected', retryable: false, delayMs: 0, message };
  }
  return { type: 'ModelServerError', retryable: false, delayMs: 0, message };
}

export type TableCallOutcome =
  | { kind: 'answer'; answer: ModelAnswer; tokens: TokenUsage; requests: number }
  | { kind: 'invalid'; error: string; tokens: TokenUsage; requests: number }
  | { kind: 'failed'; failure: Classified; tokens: TokenUsage; requests: number }
  /** a rate limit that should go back to Temporal: this activity attempt stops here */
  | { kind: 'escalate'; failure: Classified; tokens: TokenUsage; requests: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One table, start to end: transient failures retried up to maxAttemptsPerTable,
 * honouring retry-after; an answer that is not valid JSON for the schema is asked
 * for once more, then given up.
 */
export async function callForTable(
  client: OpenAI,
  config: ModelConfig,
  context: string,
  ask: Ask = requestAnswer,
): Promise<TableCallOutcome> {
  let tokens = NO_TOKENS;
  let requests = 0;
  let failures = 0;
  let invalid = 0;
  for (;;) {
    try {
      requests++;
      const raw = await ask(client, config, context);
      requests += (raw.requests ?? 1) - 1;
      tokens = addTokens(tokens, raw.tokens);
      const parsed = parseAnswer(raw.text);
      if (parsed.ok) return { kind: 'answer', answer: parsed.answer, tokens, requests };
      if (++invalid > 1) return { kind: 'invalid', error: parsed.error, tokens, requests };
    } catch (err) {
      const failure = classifyError(err, config, ++failures);
      if (!failure.retryable) return { kind: 'failed', failure, tokens, requests };
      const tooLong = failure.delayMs > config.maxInlineRetryAfterMs;
      if (failures >= config.maxAttemptsPerTable || tooLong)
        return { kind: failure.type === 'ModelRateLimited' ? 'escalate' : 'failed', failure, tokens, requests };
      await sleep(failure.delayMs);
    }
  }
}
