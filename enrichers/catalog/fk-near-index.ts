/**
 * The tables a name may point a foreign key at, filed the way `nearEnough` (fk-target-rank.ts)
 * and `sourceAffinity` (fk-entities.ts) judge them, so a lookup reads only the tables that
 * can pass both. Without it every column named after an entity scanned every table named
 * after it: in a repo with that entity built for hundreds of tenants, regions or source
 * systems the link stage grew with the square of the tables.
 *
 * `near` yields a superset of the tables that are near and not of another source system
 * (`nearEnough(from, t, affinity > 0)` and not `affinity === 0` between two tables both
 * named for a system); callers still apply those tests, so what is linked does not
 * change, only what is read.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';
import { appWord, sourceParts } from './fk-entities.js';
import { areaOf, isSharedDimension, schemaOf } from './fk-target-rank.js';

/** reference data (seeds, sources) and dimensions are near from anywhere in their project */
const isShared = (e: CatalogEntry) => e.kind === 'dbt seed' || e.kind === 'dbt source' || isSharedDimension(e);

const at = (...parts: string[]) => parts.join('\u0002');

/** where a table is near from: shared, its schema, its folder */
function places(e: CatalogEntry, shared: 'shared' | 'source' | undefined): string[] {
  const area = areaOf(e);
  const out: string[] = shared ? [shared] : [];
  if (area.schema) out.push(at('schema', area.schema));
  if (area.folder) out.push(at('folder', area.folder));
  return out;
}

/** the schemas of the models a table reads: its earlier layers there are near it (nearEnough decides) */
const readSchemas = (e: CatalogEntry) => [...new Set(e.upstream.map(schemaOf))].filter((s) => s && s !== areaOf(e).schema).map((s) => at('schema', s));

export class NearIndex {
  private readonly all = new Map<string, Set<string>>();
  private readonly filed = new Map<string, string[]>();

  add(key: string, e: CatalogEntry): void {
    const set = this.all.get(key);
    if (set?.has(e.id)) return;
    if (set) set.add(e.id);
    else this.all.set(key, new Set([e.id]));
    const parts = sourceParts(e.id);
    // a table named for a source system is near only to tables of no system or of its own
    const kind = parts.length ? 'system-named' : 'plain';
    const shared = e.kind === 'dbt source' ? 'source' : isShared(e) ? 'shared' : undefined;
    for (const place of places(e, shared)) this.file(at(key, place, kind), e.id);
    // a source is also filed by its schema: some lookups take only the sources the table reads
    if (e.kind === 'dbt source') this.file(at(key, 'source-schema', schemaOf(e.id), kind), e.id);
    // every part, not only the first: a role word of the column may name any of them
    for (const part of new Set(parts)) this.file(at(key, 'system', part), e.id);
    // an `<app>_<model>` table is near the app's other tables in any schema (sameApp)
    const app = appWord(e.id);
    if (app) this.file(at(key, 'app', app), e.id);
  }

  /**
   * The tables under `key` that can be near `from` and not of another system, for a column
   * with these role words. `readSourcesOnly`: of the sources, only those in a schema `from`
   * reads (a raw table's bare `id` is its own system's), as for any table outside a dbt project.
   */
  near(key: string, from: CatalogEntry, roleWords: readonly string[] = [], readSourcesOnly = false): string[] {
    const parts = sourceParts(from.id);
    const sources = readSourcesOnly || !areaOf(from).projects.size ? [...new Set(from.upstream.map(schemaOf))].filter(Boolean).map((s) => at('source-schema', s)) : ['source'];
    const wanted: string[] = [];
    for (const place of [...places(from, 'shared'), ...readSchemas(from), ...sources]) {
      wanted.push(at(key, place, 'plain'));
      if (!parts.length) wanted.push(at(key, place, 'system-named'));
    }
    const app = appWord(from.id);
    return this.collect(key, from, [...wanted, ...this.systemPlaces(key, parts, roleWords), ...(app ? [at(key, 'app', app)] : [])]);
  }

  has(key: string, id: string): boolean {
    return !!this.all.get(key)?.has(id);
  }

  /** the tables under `key` that share `from`'s source system (its first part) */
  sameSystem(key: string, from: CatalogEntry): string[] {
    return this.collect(key, from, this.systemPlaces(key, sourceParts(from.id), []));
  }

  private systemPlaces(key: string, parts: readonly string[], roleWords: readonly string[]): string[] {
    return [...(parts.length ? [parts[0]] : []), ...roleWords].map((w) => at(key, 'system', w));
  }

  private collect(key: string, from: CatalogEntry, wanted: string[]): string[] {
    const seen = new Set<string>();
    // the table itself is a candidate wherever it lives (a hierarchy's self-reference)
    if (this.all.get(key)?.has(from.id)) seen.add(from.id);
    for (const w of wanted) for (const id of this.filed.get(w) ?? []) seen.add(id);
    return [...seen];
  }

  private file(key: string, id: string): void {
    const list = this.filed.get(key);
    if (list) list.push(id);
    else this.filed.set(key, [id]);
  }
}
