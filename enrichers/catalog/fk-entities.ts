/**
 * What a table is named after, as a foreign-key column would spell it, and which source
 * system its name places it in. Both only rank and match targets of the naming rules:
 *
 * - entities are compared without underscores (`courserun_fk` names `dim_course_run`),
 *   and a fact table's `tfact_` / `afact_` / `f_` prefix, a dimension's `d_`, are layer words like `fct_`;
 * - a name ending in an app label and a model (`courses_program`, `auth_user`, Django's
 *   tables read by staging models) is named after its last word, but less than an exact name;
 * - dbt names a model `<layer>_<source>__<entity>`: the parts between the layer and the
 *   entity say which system a table comes from, and a reference stays within its system
 *   (`stg__micromasters__app__postgres__courses_course.program_id` is micromasters'
 *   program, not another app's `int__mitxonline__programs`).
 */
import { entityNames } from './grain-naming.js';
import { ID_SUFFIX } from './fk-naming.js';

export const compact = (s: string) => s.replace(/_/g, '');

/**
 * fact-table prefixes of dimensional models beyond `fct_`: transaction, accumulating, periodic;
 * and the one-letter `d_` / `f_` of a dimension and a fact (`d_store`, `f_sales`)
 */
const FACT_PREFIX = /^([a-z]fact|d|f)_+/;
const LAYER_WORD = /^(stg|staging|base|int|intermediate|dim|fct|fact|mart|raw|src|source|tmp|d|f)$/;
const LAYER_PREFIX = /^(stg|staging|base|int|intermediate|dim|fct|fact|mart|raw|src|source|tmp|d|f)_+/;

export interface TableEntities {
  /** spellings of the entity the table is named after, compacted */
  exact: Set<string>;
  /** the last word of an `<app>_<model>` name, compacted: named after it, but less surely */
  trailing: Set<string>;
}

export function tableEntities(id: string): TableEntities {
  const name = id.split('.').pop() ?? id;
  const last = name.split('__').pop() ?? name;
  // the whole name too: a key named after it with its layer (`dim_crm_account_id` of `dim_crm_account`)
  const exact = new Set([...entityNames(id), ...entityNames(last.replace(FACT_PREFIX, '')), last].map(compact));
  const trailing = new Set<string>();
  const words = last.replace(LAYER_PREFIX, '').split('_').filter(Boolean);
  if (words.length >= 2) {
    // the last word, and the name after its app word (`netsuite_accounting_periods`: accounting period)
    const tails = [words[words.length - 1], ...(words.length >= 3 ? [words.slice(1).join('_')] : [])];
    // a layer word ending the name (`sfdc_user_roles_source`) says where the model sits, not what it holds
    for (const t of tails) if (!LAYER_WORD.test(t)) for (const e of entityNames(t)) if (!exact.has(compact(e))) trailing.add(compact(e));
  }
  return { exact, trailing };
}

const MEMO_MAX = 500_000;

/**
 * A pure function of a table id, remembered: foreign-key ranking asks for it once per
 * candidate pair (at 10k generated tables, source parts alone were a third of the crawl).
 * Bounded, so a long-lived worker does not keep every id it ever saw.
 */
function memoById<T>(read: (id: string) => T): (id: string) => T {
  const memo = new Map<string, T>();
  return (id) => {
    if (memo.has(id)) return memo.get(id)!;
    if (memo.size >= MEMO_MAX) memo.clear();
    const value = read(id);
    memo.set(id, value);
    return value;
  };
}

/** the parts of a `<layer>_<source>__...__<entity>` name between the layer and the entity */
export const sourceParts: (id: string) => readonly string[] = memoById((id) => readSourceParts(id));

function readSourceParts(id: string): string[] {
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
export function sourceAffinity(from: string, to: string, roleWords: readonly string[] = []): number {
  const a = sourceParts(from);
  const b = sourceParts(to);
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n + (roleWords.some((w) => b.includes(w)) ? ROLE_NAMES_SYSTEM : 0);
}

/**
 * Two `<app>_<model>` tables of one app (`netsuite_accounts`, `netsuite_currencies`): the
 * same first word, not a layer word, before at least one more. Their last words name
 * entities of that app as `<layer>_<source>__` names do.
 */
export function sameApp(from: string, to: string): boolean {
  const a = appWord(from);
  return !!a && a === appWord(to);
}

/** the app an `<app>_<model>` table name starts with, if it reads so */
export const appWord: (id: string) => string | undefined = memoById((id) => readAppWord(id));

function readAppWord(id: string): string | undefined {
  const words = (id.split('.').pop() ?? id).replace(LAYER_PREFIX, '').split('_').filter(Boolean);
  return words.length >= 2 && !LAYER_WORD.test(words[0]) ? words[0] : undefined;
}

/**
 * A keyless table's column named `<its entity>_id` or `_guid` (`currency_id` of `netsuite_currencies`,
 * `dim_crm_account_id` of `dim_crm_account`): by its name, the key others reference. Only
 * when exactly one column reads so.
 */
export function ownIdColumn(id: string, columns: Iterable<string>): string | undefined {
  const last = (id.split('.').pop() ?? id).split('__').pop() ?? id;
  const words = last.replace(LAYER_PREFIX, '').split('_').filter(Boolean);
  const names = new Set([last, ...entityNames(id), ...(words.length >= 2 ? entityNames(words[words.length - 1]) : [])]);
  // `source_id` of `zuora_invoice_source` is the row's origin system, not the table's entity
  const hits = [...columns].filter((c) => {
    const entity = c.slice(0, ID_SUFFIX.exec(c)?.index ?? 0);
    return names.has(entity) && !LAYER_WORD.test(entity);
  });
  return hits.length === 1 ? hits[0] : undefined;
}
