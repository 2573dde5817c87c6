/**
 * A table of measurements over time (a daily report, stats per device, an overview per
 * app and day) selects its dimensions first and its measures after them, the way a GROUP
 * BY query lists what it groups by before what it sums: one row per combination of the
 * dimensions. So when the select list opens with a run of non-measures that holds a date
 * (`source_relation, date_day, app_id, source_type, device, impressions, ...`), that run
 * is the key.
 *
 * A measure is named as a count or an amount: a plural noun (`impressions`,
 * `device_installs`, `sessions`), an aggregate prefix (`count_`, `sum_`, `avg_`) or a
 * quantity suffix (`_amount`, `_count`, `_rate`). A run with no date in it is no time
 * series (an entity's id and attributes before its first plural name), and guesses nothing.
 *
 * Measured over the practice corpora's answered tables that had no grain at all (docs/accuracy.md,
 * fifth round): right on 32 of 36 (Fivetran's app store, ads, play store and pages reports);
 * wrong where attributes of a dimension (`account_id` beside `ad_group_id`) sit inside the run.
 */

const MEASURE_PREFIX = /^(count|sum|total|avg|average|min|max|num|pct|percent|ratio|mean|median)_/;
const MEASURE_SUFFIX = /_(count|sum|total|amount|avg|average|min|max|mean|median|std|stddev|rate|pct|percent|ratio|value|cost|revenue|spend|seconds|minutes|days)$/;
/**
 * a longer run is an entity's attributes (a course's name, title, term and year before its
 * first plural), not the dimensions of a report; the reports' keys have 2 to 5 columns
 */
const MAX_DIMENSIONS = 6;
/** a date or a calendar period: date_day, date_month, activity_date, year_nbr */
export const PERIOD = /(^|_)(date|day|week|month|quarter|year|hour)(_|$)|^dt$/;

/** `impressions`, `crashes`, `downloads`; not `status`, `address`, `is_...`, `has` */
const plural = (word: string) => word.length > 3 && word.endsWith('s') && !/(ss|us|is|ys)$/.test(word);

export function isMeasureName(column: string): boolean {
  if (MEASURE_PREFIX.test(column) || MEASURE_SUFFIX.test(column)) return true;
  const words = column.split('_');
  return plural(words[0]) || plural(words[words.length - 1]);
}

/** the dimensions a measurement table lists before its first measure, if they hold a period */
export function dimensionsBeforeMeasures(ordered: readonly string[]): { columns: string[]; measure: string } | undefined {
  const first = ordered.findIndex(isMeasureName);
  if (first < 2 || first > MAX_DIMENSIONS) return undefined;
  const columns = ordered.slice(0, first);
  return columns.some((c) => PERIOD.test(c)) ? { columns, measure: ordered[first] } : undefined;
}
