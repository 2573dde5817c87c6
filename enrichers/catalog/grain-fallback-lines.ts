/**
 * A line number qualifies its parent's id: a table of claim lines, charge line items or
 * journal lines holds one row per parent and line, so the leading `claim_id` alone is not
 * its key but `claim_id` with `claim_line_number` is. The line column is either bare
 * (`line_number`, `row_num`) or named after the parent (`charge_row_num` next to
 * `charge_id`, `journal_line_id` next to `journal_id`).
 *
 * A table named for many rows per entity (`recharge__charge_line_item_history`) is still
 * keyed this way: the line column is what tells its rows apart.
 *
 * Measured over the practice corpora's answered tables where the leading-id fallback fired
 * or nothing did (docs/accuracy.md, fifth round): right on 5 of 11, the 6 wrong ones tuva's
 * claim lines, keyed by data_source too (no general rule tells that column from any other),
 * which the leading id alone got wrong as well.
 */

/** the positions of a row within its parent, after the parent's own name or bare */
const POSITION = ['line_number', 'line_num', 'line_no', 'line_nbr', 'line_index', 'row_num', 'row_number', 'seq_num', 'seq_no', 'sequence_number'];
/**
 * a line's own id numbers its parent's lines only when named after the parent: a bare
 * `line_id` next to `order_id` is often the key alone (ol-data-platform's orders: 0 of 4)
 */
const NAMED_POSITION = [...POSITION, 'line_id'];
/** the key suffixes a parent id carries: the part before it names the parent */
const PARENT_KEY = /^(.+)_(id|key)$/;

/** the column numbering `parent`'s lines among `columns`, if there is one */
export function lineOfParent(parent: string, columns: readonly string[]): string | undefined {
  const stem = PARENT_KEY.exec(parent)?.[1];
  const names = [...POSITION, ...(stem ? NAMED_POSITION.map((p) => `${stem}_${p}`) : [])];
  return columns.find((c) => c !== parent && names.includes(c));
}
