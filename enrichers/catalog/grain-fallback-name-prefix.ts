/**
 * A table named `<entity>_<more words>` whose columns hold `<entity>_id` is most often one
 * row per that entity (`hubspot__engagement_calls` -> engagement_id,
 * `jira__issue_enhanced` -> issue_id): the words after it say which kind or which view.
 * The longest such leading part wins (`order_shipping_line` -> order_shipping_id before
 * order_id). The weakest guess there is, tried last, and not for tables named for many
 * rows per entity (`_history`, `_daily`, `_report`), where the id is a parent's.
 *
 * Measured over the practice corpora's tables with no grain before (docs/accuracy.md, sixth
 * round): right on 7 of 17 (hubspot engagements, jira metrics, marketo's deduped sends);
 * wrong on app-store reports not named as such and bridges keyed by a second column
 * (`user_email`: email and user_id). Its confidence says so.
 */

/** `engagement_calls` -> engagement_id, if a column */
export function namePrefixId(entities: readonly string[], columns: readonly string[]): string | undefined {
  const have = new Set(columns);
  for (const name of entities) {
    const parts = name.split('_');
    for (let i = parts.length - 1; i >= 1; i--) {
      const part = parts.slice(0, i).join('_');
      const singular = part.replace(/ies$/, 'y').replace(/(?<=[^s])s$/, '');
      const id = [`${part}_id`, `${singular}_id`].find((c) => have.has(c));
      if (id) return id;
    }
  }
  return undefined;
}
