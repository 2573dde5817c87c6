/**
 * The last guesses at a table's key, tried only when neither a declaration, the SQL, an
 * upstream, nor the naming rules of grain-naming.ts said anything. A table with no grain
 * at all is no use to a reader, and these conventions hold more often than not; they stay
 * the weakest evidence there is (below every naming rule), so anything read from code wins.
 *
 * - a descriptive suffix on the table's name (`company_enhanced`, `position_overview`,
 *   `candidate_users`, `subtask_parent`) still names its entity: a single `<entity>_id`
 *   column is its key;
 * - else the first column of the select list (the SQL's order; the YAML's when the SQL's
 *   list is unknown), if it is an identifier (`id`, `*_id`, `*_key`, `*_sk`, `*_pk`): models
 *   put the key first. Loader bookkeeping (`_fivetran_synced`, `_airbyte_emitted_at`) is
 *   skipped; a positional `index` column (an unnested array) joins it. Not for tables named
 *   for many rows per entity (`_daily`, `_history`, `_stats`...), where the first id is a
 *   parent's. Where the SQL joins other tables to its rows (they may fan out: the
 *   propagation carried no key through them) it is right less often and ranks lower.
 * - a line number next to the leading id joins it, also in a table named for many rows per
 *   entity (grain-fallback-lines.ts);
 * - a source-system column (`data_source`) listed first or right after the leading key joins
 *   it (grain-fallback-provenance.ts);
 * - else an id followed only by measures, whatever the name says (grain-fallback-aggregates.ts);
 * - else, for a table of measurements, the dimensions its select list gives before the first
 *   measure, when they hold a date (grain-fallback-measures.ts);
 * - else a period then an id leading the list (grain-fallback-aggregates.ts);
 * - else, weakest, the id the first words of the table's name give (grain-fallback-name-prefix.ts).
 *
 * Measured with `grainline eval` on the practice corpora's tables that had no grain before
 * (docs/accuracy.md, fourth round): the suffix rule 12 of 19 right, the leading id 56 of 115
 * (14 of 41 where rows are joined to others).
 */

import { lineOfParent } from './grain-fallback-lines.js';
import { dimensionsBeforeMeasures } from './grain-fallback-measures.js';
import { leadingProvenance, provenanceBeside } from './grain-fallback-provenance.js';
import { IDENTIFIER, idThenMeasures, periodThenId } from './grain-fallback-aggregates.js';
import { namePrefixId } from './grain-fallback-name-prefix.js';

export const FALLBACK_CONFIDENCE = { entitySuffix: 0.38, leadingId: 0.35, leadingIdJoined: 0.3, dimensions: 0.35, aggregate: 0.35, namePrefix: 0.3 };

/**
 * A grain this weak (a fallback, or one carried from a fallback) is a guess for the table
 * itself, not a key to reason from: a GROUP BY list is not reduced to it (on tuva, a guessed
 * person_id dropped data_source from two right GROUP BY keys). Every naming rule is at least 0.4.
 */
export const isFallbackGuess = (g: { confidence: number }): boolean => g.confidence < 0.4;

/** words a model name adds after its entity: a wider or summarised view of the same rows */
const DESCRIPTIVE_SUFFIX = /_(enhanced|enriched|overview|details?|info|summary|aggregates|parents?|users|wide|joined|combined|final|deduped|latest|current)$/;
/** loader bookkeeping columns start with `_`; an `_id` among them (`_fivetran_id`) is a row key */
const bookkeeping = (c: string) => c.startsWith('_') && !/_id$/.test(c);

export interface FallbackInput {
  /** the table's entity names (grain-naming.ts entityNames) */
  entities: string[];
  /** the table's columns in select-list order, lower case */
  ordered: string[];
  /** the union discriminator among them, if any: never the leading id (the caller adds it to the key) */
  discriminator?: string;
  /** named for many rows per entity */
  manyPerEntity: boolean;
  /** its SQL joins other tables to one upstream's rows (grain-propagation.ts carried no key through them) */
  joined: boolean;
}

export interface FallbackKey {
  columns: string[];
  confidence: number;
  rule: string;
}

export function fallbackGrain(input: FallbackInput): FallbackKey | undefined {
  const { ordered, discriminator } = input;
  const entities = input.entities.flatMap((e) => {
    let bare = e;
    while (DESCRIPTIVE_SUFFIX.test(bare)) bare = bare.replace(DESCRIPTIVE_SUFFIX, '');
    return bare === e ? [] : [bare, bare.replace(/(?<=[^s])s$/, '')];
  });
  const named = [...new Set(ordered.filter((c) => entities.some((e) => c === `${e}_id` || c === `${e}_key` || c === `${e}_sk`)))];
  if (named.length === 1) {
    return { columns: named, confidence: FALLBACK_CONFIDENCE.entitySuffix, rule: `${named[0]} names the entity of a descriptive name` };
  }
  const listed = ordered.filter((c) => !bookkeeping(c));
  // a source-system column leading the list is read with the key that follows it
  const { provenance: first, rest: lead } = leadingProvenance(listed.filter((c) => c !== discriminator));
  const confidence = input.joined ? FALLBACK_CONFIDENCE.leadingIdJoined : FALLBACK_CONFIDENCE.leadingId;
  const joinedNote = input.joined ? ' (rows joined to others)' : '';
  /** the key with the source-system column listed with it */
  const withProvenance = (key: string[]) => {
    const p = first ?? provenanceBeside(lead, key.length);
    return p ? { columns: [...key, p], note: ` with its ${p}` } : { columns: key, note: '' };
  };
  const leadId = lead.length > 0 && IDENTIFIER.test(lead[0]) ? lead[0] : undefined;
  // a line number tells apart the rows of one parent, whatever the table's name says
  const line = leadId && lineOfParent(leadId, lead);
  if (line) {
    const k = withProvenance([leadId, line]);
    return { columns: k.columns, confidence, rule: `${leadId} and its ${line} lead the select list${k.note}${joinedNote}` };
  }
  if (!input.manyPerEntity && leadId) {
    const key = lead.includes('index') ? [leadId, 'index'] : [leadId];
    const k = withProvenance(key);
    return { columns: k.columns, confidence, rule: `${key.join(' and ')} ${key.length > 1 ? 'lead' : 'leads'} the select list${k.note}${joinedNote}` };
  }
  const aggregate = idThenMeasures(lead);
  if (aggregate) return { columns: aggregate, confidence: FALLBACK_CONFIDENCE.aggregate, rule: `${aggregate[0]} then only measures lead the select list` };
  const run = dimensionsBeforeMeasures(listed);
  if (run) return { columns: run.columns, confidence: FALLBACK_CONFIDENCE.dimensions, rule: `the dimensions listed before the first measure (${run.measure})` };
  const series = periodThenId(lead);
  if (series) return { columns: series, confidence: FALLBACK_CONFIDENCE.aggregate, rule: `a period then ${series[0]} lead the select list` };
  const prefixed = input.manyPerEntity ? undefined : namePrefixId(input.entities, listed);
  if (prefixed) return { columns: [prefixed], confidence: FALLBACK_CONFIDENCE.namePrefix, rule: `${prefixed} names the first words of the table's name` };
  return undefined;
}
