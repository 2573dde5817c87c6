import { z } from 'zod';
import { LIMITS, type LimitName } from '../../enrichers/limits.js';
import { resolveSettings, type Env } from './resolve-config.js';
import type { Settings } from './settings.js';

/**
 * The settings a run carries in its workflow input, resolved once by the command that
 * starts it: every worker that crawls, enriches or writes for the run reads the repo
 * under the same limits and embeds with the same model, whatever its own environment.
 */
export const RunConfig = z.object({
  limits: z.object(Object.fromEntries(Object.keys(LIMITS).map((k) => [k, z.number().positive()])) as Record<LimitName, z.ZodNumber>),
  embedding: z.object({
    /** GRAINLINE_EMBEDDING_MODEL; unset: chosen by the catalog's size */
    model: z.string().optional(),
    semanticMaxTables: z.number().int().nonnegative(),
  }),
});
export type RunConfig = z.infer<typeof RunConfig>;
export type EmbeddingChoice = RunConfig['embedding'];

export function runConfigOf(s: Settings): RunConfig {
  const limits = Object.fromEntries((Object.keys(LIMITS) as LimitName[]).map((k) => [k, s[k]])) as Record<LimitName, number>;
  return RunConfig.parse({ limits, embedding: { model: s.embeddingModel, semanticMaxTables: s.semanticMaxTables } });
}

/**
 * A run's config, else (an activity called without one: a run started before runs
 * carried it, a test calling an activity directly) this process's own.
 */
export const runConfigOr = (given: RunConfig | undefined, env: Env = process.env): RunConfig => given ?? runConfigOf(resolveSettings({ env }));
