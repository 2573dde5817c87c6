import type { FallbackInput } from '../../enrichers/catalog/grain-fallback.js';
import { entityNames } from '../../enrichers/catalog/grain-naming.js';

/** a fallback's input for a table named `id` whose select list is `ordered`, as namingGrain builds it */
export const fallbackInput = (id: string, ordered: string[], more: Partial<FallbackInput> = {}): FallbackInput => ({
  entities: entityNames(id),
  ordered,
  manyPerEntity: false,
  joined: false,
  ...more,
});
