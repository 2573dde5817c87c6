/**
 * What a column's name says it refers to. `<x>_id`, `<x>_key`, `<x>_sk`, `<x>_code`,
 * `<x>_pk`, `<x>_fk` and `<x>_guid` / `<x>_uuid` name a key of entity x; a role in front (`billing_customer_key`, `parent_account_id`)
 * is stripped one word at a time, longest reading first. A name with no key suffix
 * (`payer_type`) can only refer to a lookup table named after it, never when it ends
 * in an attribute word (`_name`, `_description`), and a role is stripped from it only
 * while two words remain (`status` alone names too much).
 */

export const KEY_SUFFIXES = ['id', 'key', 'sk', 'code', 'pk', 'fk', 'guid', 'uuid'] as const;
/** suffixes of an id a row is known by: a guid is an id spelled as a global one (`item_guid`) */
export const ID_SUFFIX = /_(id|guid|uuid)$/;
/**
 * Dimensional models name a table's key `<x>_pk` and a reference to it `<x>_fk`: an fk
 * names the pk of its entity (and, carried through lineage, any key it was read from).
 */
export const canonicalSuffix = (suffix: string) => (suffix === 'fk' ? 'pk' : suffix);
/** last words of attributes, never of a reference: `hcc_description` describes, it does not point */
const ATTRIBUTE_WORDS = new Set([
  'name', 'description', 'desc', 'label', 'title', 'text', 'comment', 'note', 'notes', 'date', 'time', 'timestamp', 'at',
  'amount', 'count', 'total', 'value', 'flag', 'url', 'email', 'number', 'num', 'rank', 'score', 'rate', 'pct', 'percent',
]);

export interface NameReading {
  /** the entity the column names: `customer` */
  entity: string;
  /** the key suffix, '' when the column is the entity itself */
  suffix: string;
  /** the column name the entity's own table would give that key: `customer_id` */
  canonical: string;
  /** a role word was stripped (`billing_customer_id` read as `customer_id`) */
  role: boolean;
}

export function readColumnName(column: string): NameReading[] {
  const words = column.toLowerCase().split('_').filter(Boolean);
  if (words.length < 2) return [];
  const last = words[words.length - 1];
  const out: NameReading[] = [];
  if ((KEY_SUFFIXES as readonly string[]).includes(last)) {
    const core = words.slice(0, -1);
    for (let i = 0; i < core.length; i++) {
      const entity = core.slice(i).join('_');
      out.push({ entity, suffix: last, canonical: `${entity}_${canonicalSuffix(last)}`, role: i > 0 });
    }
  } else if (!ATTRIBUTE_WORDS.has(last)) {
    for (let i = 0; i <= words.length - 2; i++) {
      const entity = words.slice(i).join('_');
      out.push({ entity, suffix: '', canonical: entity, role: i > 0 });
    }
  }
  return out;
}
