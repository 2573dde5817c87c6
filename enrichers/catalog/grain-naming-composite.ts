/**
 * Composite keys from naming conventions, tried when no single column names the
 * table's entity (grain-naming.ts). Each reads the table's entity name against its columns:
 * - a history (type-2) table, `<entity>_history`, holds one row per entity and version:
 *   `<entity>_id` with its one `updated_at`-like column; the history of a bridge
 *   (`issue_field_history`) both ids with it (Spider2 packages: 4 of 5 right, none keyed before);
 * - an unnested array, a table with a positional `index` column, holds one row per parent
 *   and position: `<parent>_id` with `index`, the parent a leading part of the name
 *   (`bill_line` -> bill_id, index);
 * - a bridge table named after two entities (`worker_position`, `collection_product`)
 *   holds one row per pair: both ids.
 * Weak evidence, like every naming rule: the caller caps them below anything read from code.
 */

/** `<entity>_id`, or the same for the singular spelling, if the table has that column */
function idOf(entity: string, columns: ReadonlySet<string>): string | undefined {
  const singular = entity.replace(/ies$/, 'y').replace(/(?<=[^s])s$/, '');
  return [`${entity}_id`, `${singular}_id`].find((c) => columns.has(c));
}

/** columns that stamp a row's version: updated_at, last_modified_timestamp, subscription_updated_at */
const VERSION_COLUMN = /(^|_)(updated|modified)(_at|_timestamp|_date|_on)?$/;

export interface CompositeKey {
  columns: string[];
  rule: string;
}

/**
 * `historyOnly`: only the history rule (tried ahead of the single-column rules);
 * `rawId`: a raw table's bare `id` is its entity's id (loaders keep the source's name).
 */
export function compositeNamingKey(entities: string[], columns: ReadonlySet<string>, opts: { historyOnly?: boolean; rawId?: boolean } = {}): CompositeKey | undefined {
  for (const name of entities) {
    const history = /^(.+)_history$/.exec(name);
    if (history) {
      const id = idOf(history[1], columns) ?? (opts.rawId && columns.has('id') ? 'id' : undefined);
      // the history of a pair (`issue_field_history`, `visitor_account_history`): both ids at each version
      const ids = id ? [id] : bridgeIds(history[1], columns);
      const versions = [...columns].filter((c) => VERSION_COLUMN.test(c));
      if (ids && versions.length === 1) return { columns: [...ids, versions[0]], rule: `a history table: ${ids.join(' and ')} at each ${versions[0]}` };
    }
  }
  if (opts.historyOnly) return undefined;
  for (const name of entities) {
    if (!columns.has('index')) break;
    const parent = leadingParts(name).map((p) => idOf(p, columns)).find(Boolean);
    if (parent) return { columns: [parent, 'index'], rule: `an unnested array: ${parent} and its index` };
  }
  for (const name of entities) {
    const pair = bridgeIds(name, columns);
    if (pair) return { columns: pair, rule: `a bridge of ${pair[0]} and ${pair[1]}` };
  }
  return undefined;
}

/** the ids of the two entities a name joins (`worker_position` -> worker_id, position_id), if both are columns */
function bridgeIds(name: string, columns: ReadonlySet<string>): string[] | undefined {
  const parts = name.split('_');
  for (let i = 1; i < parts.length; i++) {
    const a = idOf(parts.slice(0, i).join('_'), columns);
    const b = idOf(parts.slice(i).join('_'), columns);
    if (a && b && a !== b) return [a, b];
  }
  return undefined;
}

/** `order_shipping_line` -> order_shipping, order (longest first, the whole name excluded) */
function leadingParts(name: string): string[] {
  const parts = name.split('_');
  const out: string[] = [];
  for (let i = parts.length - 1; i >= 1; i--) out.push(parts.slice(0, i).join('_'));
  return out;
}
