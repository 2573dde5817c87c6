/**
 * Grain from naming conventions, the last resort when neither a declaration nor the
 * SQL says what one row is. Both rules are weak (≤ 0.5) so they lose to anything read
 * from code or YAML:
 * - a staging model renames the source's `id` to `<entity>_id`: that column is its key;
 * - a table has exactly one `<entity>_id` / `_key` / `_sk` column, where the entity is
 *   the table's own name without layer prefixes (`stg_orders` -> order);
 * - else a composite the name implies: history, unnested array, bridge (grain-naming-composite.ts);
 * - else, weakest, the entity of a descriptive name or the select list's leading id (grain-fallback.ts).
 * - a table the repo reads but does not build (a raw source), or one whose own columns
 *   are unknown, is judged on the columns the repo's queries read from it; a raw
 *   table's bare `id` column is its key when no entity column names one (`id` is what
 *   application databases and loaders key rows by; staging models rename it).
 * A table that also carries the column a multi-source union writes (dbt_utils.union_relations'
 * `_dbt_source_relation`, the Fivetran packages' `source_relation`) holds each source's rows
 * side by side, so an entity id is unique only within one source: that column joins the key.
 * Measured on the Spider2 answers: of 310 declared keys on tables with such a column, 283
 * hold it; the 27 others are surrogate keys hashed over it (read from SQL, never given it).
 * A discriminator the YAML documents but the table's SQL does not select is not in its rows.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { GrainFact } from '../../schemas/facts.js';
import { compositeNamingKey } from './grain-naming-composite.js';
import { fallbackGrain } from './grain-fallback.js';

export const NAMING_CONFIDENCE = { stagingId: 0.5, entityKey: 0.45, composite: 0.4, rawId: 0.4 };

const LAYER_PREFIX = /^(stg|staging|base|int|intermediate|dim|fct|fact|mart|raw|src|source|tmp|v|vw)_+/;
const KEY_SUFFIXES = ['_id', '_key', '_sk'];
/** the columns union macros write to tell the unioned sources apart (see unionDiscriminator) */
export const SOURCE_DISCRIMINATORS = ['_dbt_source_relation', 'source_relation'];

/** the discriminator column of a multi-source union among a table's columns, if any */
export function unionDiscriminator(columns: Iterable<string>): string | undefined {
  const names = new Set([...columns].map((c) => c.toLowerCase()));
  return SOURCE_DISCRIMINATORS.find((d) => names.has(d));
}

/** a key within one source, made a key across the unioned sources */
const perSource = (key: string[], discriminator: string | undefined): string[] =>
  discriminator && !key.includes(discriminator) ? [...key, discriminator] : key;

/** singular and plural spellings of a table's entity: `order_items` -> order_item(s) */
export function entityNames(id: string): string[] {
  let name = id.split('.').pop() ?? id;
  name = name.split('__').pop() ?? name;
  while (LAYER_PREFIX.test(name)) name = name.replace(LAYER_PREFIX, '');
  return [...new Set([name, singularOf(name)])].filter(Boolean);
}

/** `order_items` -> order_item, `categories` -> category, `boxes` -> box; a word not in the plural stays */
export function singularOf(name: string): string {
  if (/ies$/.test(name)) return name.replace(/ies$/, 'y');
  if (/(ss|x|ch|sh)es$/.test(name)) return name.replace(/es$/, '');
  if (/[^s]s$/.test(name)) return name.replace(/s$/, '');
  return name;
}

/** names of tables that hold many rows per entity: daily stats, reports, histories, event logs */
const MANY_PER_ENTITY = /(^|_)(stats|statistics|report|daily|hourly|weekly|monthly|history|metrics|events|log|snapshots?)$/;

/** the kinds of table a repo declares or reads but does not compute: their rows are loaded as they come */
const RAW_KINDS = new Set(['external', 'dbt source']);

/**
 * A naming guess at a table's key. `read` is what the repo's queries read from the
 * table, used when its own columns are not listed (a raw table outside the repo, a
 * source declared without columns).
 */
export function namingGrain(entry: Pick<CatalogEntry, 'id' | 'kind' | 'files' | 'facts'> & Partial<Pick<CatalogEntry, 'warnings'>>, read: Iterable<string> = []): GrainFact | undefined {
  const columns = new Map<string, string[]>();
  for (const f of entry.facts) {
    for (const c of f.columns) {
      const name = c.name.toLowerCase();
      if (!columns.has(name) || (c.lineage?.length ?? 0) > 0) columns.set(name, (c.lineage ?? []).map((l) => l.toLowerCase()));
    }
  }
  if (columns.size === 0) for (const c of read) columns.set(c.toLowerCase(), []);
  if (columns.size === 0) return undefined;
  const at = entry.files[0] ? { file: entry.files[0] } : {};
  // a discriminator only documented (YAML) on a table whose SQL lists its columns without it is
  // not in its rows as the SQL builds them (tuva's core__encounter documents _dbt_source_relation),
  // unless an unknown macro left a hole in that list (fivetran_utils.source_relation() writes it)
  const fromSql = new Set(entry.facts.flatMap((f) => f.columns.filter((c) => c.source === 'sql').map((c) => c.name.toLowerCase())));
  const holed = (entry.warnings ?? []).some((w) => w.code === 'dbt-unknown-macro');
  const disc = unionDiscriminator([...columns.keys()].filter((c) => fromSql.size === 0 || holed || fromSql.has(c)));
  const within = disc ? `, within each ${disc}` : '';
  const staging = /(^|[._/])(stg|staging)[_/]/.test(`${entry.id} ${entry.files.join(' ')}`);
  const entities = entityNames(entry.id);
  // a history table holds one row per entity and version, whatever its staging model renames
  const history = compositeNamingKey(entities, new Set(columns.keys()), { historyOnly: true, rawId: RAW_KINDS.has(entry.kind) });
  if (history) {
    return { columns: perSource(history.columns, disc), source: 'heuristic', confidence: NAMING_CONFIDENCE.composite, ...at, detail: `naming: ${history.rule}${within}` };
  }
  // a table of measurements or versions has many rows per entity: its renamed id is not its key
  if (staging && !entities.some((e) => MANY_PER_ENTITY.test(e))) {
    // `id AS order_id`: the only column computed from a bare `id`, renamed to an *_id
    const renamed = [...columns].filter(([name, lineage]) => name !== 'id' && /_id$/.test(name) && lineage.length === 1 && lineage[0].split('.').pop() === 'id');
    if (renamed.length === 1) {
      return { columns: perSource([renamed[0][0]], disc), source: 'heuristic', confidence: NAMING_CONFIDENCE.stagingId, ...at, detail: `naming: staging model renames id to ${renamed[0][0]}${within}` };
    }
  }
  const named = [...columns.keys()].filter((c) => entities.some((e) => KEY_SUFFIXES.some((s) => c === `${e}${s}`)));
  if (named.length === 1) {
    return { columns: perSource(named, disc), source: 'heuristic', confidence: NAMING_CONFIDENCE.entityKey, ...at, detail: `naming: ${named[0]} names the table's entity${within}` };
  }
  const composite = compositeNamingKey(entities, new Set(columns.keys()));
  if (composite) {
    return { columns: perSource(composite.columns, disc), source: 'heuristic', confidence: NAMING_CONFIDENCE.composite, ...at, detail: `naming: ${composite.rule}${within}` };
  }
  if (RAW_KINDS.has(entry.kind) && columns.has('id') && !entities.some((e) => MANY_PER_ENTITY.test(e))) {
    return { columns: perSource(['id'], disc), source: 'heuristic', confidence: NAMING_CONFIDENCE.rawId, ...at, detail: `naming: a raw table's id${within}` };
  }
  // the weakest guesses read the table's own select list; the columns its readers select come in no order
  const listed = entry.facts.flatMap((f) => f.columns);
  if (listed.length === 0) return undefined;
  // the SQL's order, unless an unknown macro left a hole in it: then the documented columns too
  const ordered = [...new Set((fromSql.size && !holed ? listed.filter((c) => c.source === 'sql') : listed).map((c) => c.name.toLowerCase()))];
  const joined = entry.facts.some((f) => f.defines && (f.rowOrigin?.joins.length ?? 0) > 0);
  const fallback = fallbackGrain({ entities, ordered, discriminator: disc, manyPerEntity: entities.some((e) => MANY_PER_ENTITY.test(e)), joined });
  if (!fallback) return undefined;
  return { columns: perSource(fallback.columns, disc), source: 'heuristic', confidence: fallback.confidence, ...at, detail: `naming: ${fallback.rule}${within}` };
}
