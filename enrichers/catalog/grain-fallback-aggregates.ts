/**
 * Two shapes of select list that a GROUP BY query writes, for tables whose SQL the grain
 * passes could not read (a macro's list, a YAML-documented model):
 * - an id followed only by measures, with no other identifier anywhere in the list
 *   (`project_id, count_closed_issues, avg_close_time_seconds`): one row per id, the id
 *   grouped by, whatever the table's name says (`int_jira__project_metrics`); the same for
 *   a period (`date, usd_old_safes, refunds_landed_usd`: one row per day);
 * - a period followed by an id (`date_day, visitor_id, sum_minutes`; `date_month,
 *   customer_id, mrr`): one row per id and period, a time series of one entity.
 *
 * Measured over the practice corpora's tables with no grain before (docs/accuracy.md, sixth
 * round): the period then an id right on 8 of 8 (pendo daily metrics, mrr, Facebook pages
 * reports); the id then measures 2 of 4 with another identifier allowed later in the list
 * (`organic_tweet_id` after `account_id`'s measures is a report's key too), so not allowed.
 */
import { isMeasureName, PERIOD } from './grain-fallback-measures.js';

/** a column that names a row: `id`, `*_id`, `*_key`, `*_sk`, `*_pk` */
export const IDENTIFIER = /(^id$|_id$|_key$|_sk$|_pk$)/;

/** the lead id (or period) of an aggregate per id: the id, then measures and no other identifier */
export function idThenMeasures(lead: readonly string[]): string[] | undefined {
  if (lead.length < 2 || !(IDENTIFIER.test(lead[0]) || PERIOD.test(lead[0])) || !isMeasureName(lead[1])) return undefined;
  return lead.slice(1).some((c) => IDENTIFIER.test(c)) ? undefined : [lead[0]];
}

/** `date_day, account_id, ...`: the id and the period */
export function periodThenId(lead: readonly string[]): string[] | undefined {
  return lead.length > 2 && PERIOD.test(lead[0]) && IDENTIFIER.test(lead[1]) ? [lead[1], lead[0]] : undefined;
}
