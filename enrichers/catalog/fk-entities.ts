/**
 * What a table is named after, as a foreign-key column would spell it, and which source
 * system its name places it in. Both only rank and match targets of the naming rules:
 *
 * - entities are compared without underscores (`courserun_fk` names `dim_course_run`),
 *   and a fact table's `tfact_` / `afact_` prefix is a layer word like `fct_`;
 * - a name ending in an app label and a model (`courses_program`, `auth_user`, Django's
 *   tables read by staging models) is named after its last word, but less than an exact name;
 * - dbt names a model `<layer>_<source>__<entity>`: the parts between the layer and the
 *   entity say which system a table comes from, and a reference stays within its system
 *   (`stg__micromasters__app__postgres__courses_course.program_id` is micromasters'
 *   program, not another app's `int__mitxonline__programs`).
 */
import { entityNames } from './grain-naming.js';

export const compact = (s: string) => s.replace(/_/g, '');

/** fact-table prefixes of dimensional models beyond `fct_`: transaction, accumulating, periodic */
const FACT_PREFIX = /^[a-z]fact_+/;
const LAYER_WORD = /^(stg|staging|base|int|intermediate|dim|fct|fact|mart|raw|src|source|tmp)$/;
const LAYER_PREFIX = /^(stg|staging|base|int|intermediate|dim|fct|fact|mart|raw|src|source|tmp)_+/;

export interface TableEntities {
  /** spellings of the entity the table is named after, compacted */
  exact: Set<string>;
  /** the last word of an `<app>_<model>` name, compacted: named after it, but less surely */
  trailing: Set<string>;
}

export function tableEntities(id: string): TableEntities {
  const name = id.split('.').pop() ?? id;
  const last = name.split('__').pop() ?? name;
  const exact = new Set([...entityNames(id), ...entityNames(last.replace(FACT_PREFIX, ''))].map(compact));
  const trailing = new Set<string>();
  const words = last.replace(LAYER_PREFIX, '').split('_').filter(Boolean);
  if (words.length >= 2) for (const e of entityNames(words[words.length - 1])) if (!exact.has(compact(e))) trailing.add(compact(e));
  return { exact, trailing };
}

/** the parts of a `<layer>_<source>__...__<entity>` name between the layer and the entity */
export function sourceParts(id: string): string[] {
  const parts = (id.split('.').pop() ?? id).split('__');
  if (parts.length < 2) return [];
  const head = parts.slice(0, -1);
  const first = head[0].replace(LAYER_PREFIX, '');
  if (first === '' || LAYER_WORD.test(first)) head.shift();
  else head[0] = first;
  return head;
}

/** a role word naming the target's system says more than any number of shared name parts */
const ROLE_NAMES_SYSTEM = 100;

/**
 * How close a target's source system is to the referring table's: the leading source
 * parts they share, and far more when a role word of the column names the target's
 * system (`micromasters_program_id` in an edx table -> `int__micromasters__programs`).
 */
export function sourceAffinity(from: string, to: string, roleWords: string[] = []): number {
  const a = sourceParts(from);
  const b = sourceParts(to);
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n + (roleWords.some((w) => b.includes(w)) ? ROLE_NAMES_SYSTEM : 0);
}
