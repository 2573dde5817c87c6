/**
 * Tables that others reference by their entity's id although their key is another column.
 * A relationships test needs no unique target: `to: ref('dim_crm_user'), field: dim_crm_user_id`
 * holds whether dim_crm_user is keyed by that id, by a surrogate over it, or by a grain we
 * misread. A table's one column named `<its whole name>_id` (or `_guid`) is what a column of
 * that very name elsewhere points at, below a real key of that name. Only the whole name: the
 * last word of a keyed table's name often names what it links (`role_users.user_id`,
 * `enrollment_order.order_id` are references, not the table's entity); a dimension's is its
 * entity (`dim_wbx_item.item_guid`, keyed by a surrogate over item and plant).
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { ColumnGraph } from './column-graph.js';
import { compact, tableEntities } from './fk-entities.js';
import { ID_SUFFIX } from './fk-naming.js';
import { isDimension } from './fk-target-rank.js';
import { NearIndex } from './fk-near-index.js';

/** "<own id column>|<entity>" -> the tables keyed by another column that hold their entity's id column */
export function ownIdIndex(
  keyOf: Map<string, { column: string }>,
  byId: Map<string, CatalogEntry>,
  exactOf: Map<string, Set<string>>,
  graph: ColumnGraph,
  at: (column: string, entity: string) => string,
): NearIndex {
  const index = new NearIndex();
  for (const [id, k] of keyOf) {
    const e = byId.get(id)!;
    // a seed lists codes: its columns are what it holds, not ids of other rows
    if (e.kind === 'dbt seed') continue;
    // a dimension is named after its entity, also past an app word (`dim_wbx_item` holds items)
    const names = ownNames(e, exactOf.get(id) ?? new Set<string>());
    const own = [...graph.columnsOf(id).keys()].filter((c) => {
      const m = ID_SUFFIX.exec(c);
      return !!m && names.has(compact(c.slice(0, m.index)));
    });
    if (own.length !== 1 || own[0] === k.column) continue;
    for (const x of names) index.add(at(own[0], x), e);
  }
  return index;
}

const ownNames = (e: CatalogEntry, exact: Set<string>) => (isDimension(e) ? new Set([...exact, ...tableEntities(e.id).trailing]) : exact);
