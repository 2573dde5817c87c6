/**
 * A GROUP BY that lists a joined table's attributes next to the grouped column its join is
 * on (`group by stats.account_id, accounts.name ... left join accounts on stats.account_id =
 * accounts.account_id`, grain-join-bound.ts). When that table's key is known, the attributes
 * drop out only if the join binds it (grain-propagation.ts). When it is not known (a package
 * model the repo does not build, a raw table), the author is taken to join a lookup on its
 * key: had the join matched several rows, the measures summed beside it would be counted
 * several times. Likely, not proven, so below a GROUP BY read outright.
 */
import type { GrainFact } from '../../schemas/facts.js';
import { SOURCE_DISCRIMINATORS } from './grain-naming.js';

export const JOIN_BOUND_CAP = 0.6;

type Group = NonNullable<GrainFact['groups']>[number];

/** the columns the group's join binds, taken as the joined table's key, when its known grain does not say otherwise */
export function assumedJoinKey(group: Group, joined: GrainFact | null | undefined): string[] | undefined {
  const bound = group.bound ?? [];
  // a union discriminator alone (`source_relation`) is no lookup's key
  if (bound.every((c) => SOURCE_DISCRIMINATORS.includes(c)) || Object.keys(group.columns).length + (group.derived?.length ?? 0) <= bound.length) return undefined;
  // a key read from code or declared that the join does not bind: the join may fan out
  if (joined && joined.source !== 'heuristic') return undefined;
  return bound;
}
