import type { CatalogEntry } from '../../schemas/catalog.js';
import type { ModelAnswer, ModelResult, TokenUsage } from '../../schemas/model-answer.js';
import { addTokens, estimateCost, NO_TOKENS } from './pricing.js';
import type { SourceFile } from './context.js';
import { verifyAnswer, type VerifyCatalog } from './verify.js';

export type ModelWarningCode = 'model-invalid-answer' | 'model-failed' | 'model-unavailable' | 'model-rate-limited';

/** A verified answer as one line of the shard's model output. */
export function answeredResult(input: {
  entry: CatalogEntry;
  fingerprint: string;
  answer: ModelAnswer;
  catalog: VerifyCatalog;
  model: string;
  code: SourceFile[];
  tokens: TokenUsage;
  requests: number;
  batch?: boolean;
}): ModelResult {
  const v = verifyAnswer(input.answer, input.entry, input.catalog, { model: input.model, code: input.code });
  return {
    id: input.entry.id,
    fingerprint: input.fingerprint,
    fact: v.fact,
    grainStatement: v.grainStatement,
    caveats: v.caveats,
    downstream: v.downstream,
    similarTables: v.similarTables,
    rejected: v.rejected,
    warnings: [],
    tokens: input.tokens,
    requests: input.requests,
    reused: false,
    batch: input.batch ?? false,
  };
}

/** The table keeps its static facts; the warning says why the model added nothing. */
export function failedResult(input: {
  entry: CatalogEntry;
  fingerprint: string;
  code: ModelWarningCode;
  message: string;
  tokens: TokenUsage;
  requests: number;
}): ModelResult {
  return {
    id: input.entry.id,
    fingerprint: input.fingerprint,
    fact: null,
    grainStatement: null,
    caveats: [],
    downstream: [],
    similarTables: [],
    rejected: [],
    warnings: [{ file: input.entry.files[0] ?? input.entry.id, code: input.code, message: input.message }],
    tokens: input.tokens,
    requests: input.requests,
    reused: false,
    batch: false,
  };
}

/** Nothing to read (a declared source without code): no call, no warning, static facts only. */
export function noCodeResult(entry: CatalogEntry, fingerprint: string): ModelResult {
  return { ...failedResult({ entry, fingerprint, code: 'model-failed', message: '', tokens: NO_TOKENS, requests: 0 }), warnings: [] };
}

/** Unchanged fingerprint: last run's verified answer stands, at no cost. */
export function reusedResult(previous: ModelResult): ModelResult {
  return { ...previous, tokens: NO_TOKENS, requests: 0, reused: true, batch: false };
}

export interface ModelRunTotals {
  tables: number;
  answered: number;
  reused: number;
  failed: number;
  rejectedClaims: number;
  requests: number;
  tokens: TokenUsage;
  estimatedCostUsd: number;
  /** false when the model is not in the price table: the cost is then 0, not a guess */
  priceKnown: boolean;
}

export function totalsOf(results: ModelResult[], model: string): ModelRunTotals {
  let cost = 0;
  let priceKnown = true;
  let tokens = NO_TOKENS;
  for (const r of results) {
    tokens = addTokens(tokens, r.tokens);
    const c = estimateCost(model, r.tokens, { batch: r.batch });
    cost += c.usd;
    priceKnown &&= c.priceKnown;
  }
  return {
    tables: results.length,
    answered: results.filter((r) => r.fact && !r.reused).length,
    reused: results.filter((r) => r.reused).length,
    failed: results.filter((r) => !r.fact && r.warnings.length > 0).length,
    rejectedClaims: results.reduce((n, r) => n + r.rejected.length, 0),
    requests: results.reduce((n, r) => n + r.requests, 0),
    tokens,
    estimatedCostUsd: cost,
    priceKnown,
  };
}
