/** Trust tiers of a query, most trusted first: canonical reports are the source of truth. */
export const USAGE_TIERS = ['dashboard', 'report', 'scheduled', 'adhoc'] as const;
export type UsageTier = (typeof USAGE_TIERS)[number];

export const usageTierRank = (tier: UsageTier): number => USAGE_TIERS.indexOf(tier);

export const isUsageTier = (value: unknown): value is UsageTier =>
  typeof value === 'string' && (USAGE_TIERS as readonly string[]).includes(value);

/** The more trusted of two tiers. */
export const higherTier = (a: UsageTier, b: UsageTier): UsageTier => (usageTierRank(a) <= usageTierRank(b) ? a : b);
