import type { TokenUsage } from '../../schemas/model-answer.js';

/**
 * USD per million tokens (input, cached input, output), list prices as published by
 * OpenAI in 2025. An estimate for the run record, not an invoice: unknown models cost 0
 * and say so, the Batch API halves the price.
 */
const PRICES: Record<string, { input: number; cached: number; output: number }> = {
  'gpt-4.1': { input: 2.0, cached: 0.5, output: 8.0 },
  'gpt-4.1-mini': { input: 0.4, cached: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cached: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cached: 1.25, output: 10.0 },
  'gpt-4o-mini': { input: 0.15, cached: 0.075, output: 0.6 },
  'gpt-5': { input: 1.25, cached: 0.125, output: 10.0 },
  'gpt-5-mini': { input: 0.25, cached: 0.025, output: 2.0 },
  'gpt-5-nano': { input: 0.05, cached: 0.005, output: 0.4 },
};

export interface CostEstimate {
  usd: number;
  priceKnown: boolean;
}

export function estimateCost(model: string, tokens: TokenUsage, options: { batch?: boolean } = {}): CostEstimate {
  // dated snapshots ("gpt-4.1-mini-2025-04-14") cost what their family costs
  const family = Object.keys(PRICES)
    .sort((a, b) => b.length - a.length)
    .find((k) => model === k || model.startsWith(`${k}-2`));
  if (!family) return { usd: 0, priceKnown: false };
  const p = PRICES[family];
  const uncached = Math.max(0, tokens.input - tokens.cached);
  const usd = (uncached * p.input + tokens.cached * p.cached + tokens.output * p.output) / 1e6;
  return { usd: options.batch ? usd / 2 : usd, priceKnown: true };
}

export const addTokens = (a: TokenUsage, b: TokenUsage): TokenUsage => ({
  input: a.input + b.input,
  output: a.output + b.output,
  cached: a.cached + b.cached,
});
export const NO_TOKENS: TokenUsage = { input: 0, output: 0, cached: 0 };
