/**
 * Which of several tables holding one key a foreign key should point at: the canonical
 * one. A table named after the entity first, then one from the referring table's own
 * source system (`stg_<source>__...`), then one named after it by its whole name, then one in the referring table's own
 * layer (staging models are tested against staging, marts against marts), then the layers
 * it is built from, nearest first, then later ones, then `dim_` tables, then the most-read.
 */
import type { CatalogEntry } from '../../schemas/catalog.js';

export type Layer = 0 | 1 | 2 | 3;

const STAGING = /(^|[._/])(stg|staging|base|src)[_/]/;
const INTERMEDIATE = /(^|[._/])(int|intermediate)[_/]/;

// `d_store` of a repo that names facts `f_` and dimensions `d_`
const DIMENSION = /(^|[._])(dim|dimension|d)_/;
export const isDimension = (e: CatalogEntry) => DIMENSION.test(e.id);

/**
 * Dimensions whose table name recurs in several schemas of one project (or of a folder-per-table
 * repo): one copy per tenant, region or dataset, each its own dataset's, so none is shared
 * reference data. Marked once per catalog, before ranking.
 */
const perDataset = new WeakSet<CatalogEntry>();
export function markPerDatasetDimensions(entries: readonly CatalogEntry[]): void {
  const byName = new Map<string, CatalogEntry[]>();
  for (const e of entries) {
    if (!isDimension(e)) continue;
    const name = `${[...areaOf(e).projects].sort().join('\u0001')}\u0002${e.id.split('.').pop()}`;
    const copies = byName.get(name);
    if (copies) copies.push(e);
    else byName.set(name, [e]);
  }
  for (const copies of byName.values()) if (new Set(copies.map((e) => areaOf(e).schema)).size > 1) for (const e of copies) perDataset.add(e);
}

/** a dimension any table of its project may name */
export const isSharedDimension = (e: CatalogEntry) => isDimension(e) && !perDataset.has(e);

/** 0 sources and seeds, 1 staging, 2 intermediate, 3 marts and everything else */
const layers = new WeakMap<CatalogEntry, Layer>();
export function layerOf(e: CatalogEntry): Layer {
  let l = layers.get(e);
  if (l === undefined) layers.set(e, (l = readLayer(e)));
  return l;
}

function readLayer(e: CatalogEntry): Layer {
  if (e.kind === 'dbt source' || e.kind === 'dbt seed' || e.kind === 'external') return 0;
  const where = `${e.id} ${e.files.join(' ')}`;
  if (STAGING.test(where)) return 1;
  if (INTERMEDIATE.test(where)) return 2;
  return 3;
}

export interface TargetCandidate {
  entry: CatalogEntry;
  /** the table is named after the entity the column names */
  named: boolean;
  /** named after it by its whole name, not only by the last word of an `<app>_<model>` name (default: named) */
  exact?: boolean;
  /** how close its source system is to the referring table's (fk-entities.ts sourceAffinity) */
  affinity?: number;
}

/** a sortable score, larger is more canonical; equal scores are a tie */
export function canonicalScore(c: TargetCandidate, from: Layer): number[] {
  const layerPref = layerPreference(layerOf(c.entry), from);
  const dim = isDimension(c.entry) ? 1 : 0;
  const exact = c.exact ?? c.named;
  return [c.named ? 1 : 0, c.affinity ?? 0, exact ? 1 : 0, layerPref, dim, c.entry.downstream.length];
}

/**
 * A relationships test points at the referrer's own layer, else at the layers it is built
 * from, nearest first (an intermediate model is tested against staging), and only then at
 * layers built after it: a test on a model checks it against its inputs, not its outputs.
 */
function layerPreference(layer: Layer, from: Layer): number {
  if (layer === from) return 10;
  return layer < from ? 5 + layer : 3 - layer;
}

const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
};

/**
 * The most canonical candidate; with `strict`, none when the best two tie (a guess from
 * a name must not pick between equals), else the first by id.
 */
export function pickCanonical(cands: TargetCandidate[], from: Layer, strict: boolean): TargetCandidate | undefined {
  if (cands.length <= 1) return cands[0];
  const scored = cands
    .map((c) => ({ c, s: canonicalScore(c, from) }))
    .sort((a, b) => compare(a.s, b.s) || a.c.entry.id.localeCompare(b.c.entry.id));
  if (strict && compare(scored[0].s, scored[1].s) === 0) return undefined;
  return scored[0].c;
}

/** the part of a repo a table lives in: its schema, and its folder down to the one under models/ (or its first two folders) */
export type Area = { schema: string; folder: string; projects: Set<string> };
const areas = new WeakMap<CatalogEntry, Area>();
export function areaOf(e: CatalogEntry): Area {
  let a = areas.get(e);
  if (!a) areas.set(e, (a = readArea(e)));
  return a;
}

/** the schema part of a table id: all but its last part ('' for a bare name) */
export const schemaOf = (id: string) => id.split('.').slice(0, -1).join('.');

/** the table reads some table of that schema */
export const readsSchema = (e: CatalogEntry, schema: string) => schema !== '' && e.upstream.some((u) => schemaOf(u) === schema);

function readArea(e: CatalogEntry): Area {
  const schema = schemaOf(e.id);
  const dirs = (e.files.find((f) => !/\.ya?ml$/.test(f)) ?? e.files[0] ?? '').split('/').slice(0, -1);
  const root = dirs.findIndex((d) => /^(models|seeds|snapshots|sql|queries)$/.test(d));
  // the project's own path stays in: two dbt projects in one repo both have models/staging
  const folder = (root >= 0 ? dirs.slice(0, root + 2) : dirs.slice(0, 2)).join('/');
  // a table can be built in several projects (one name built twice): it is in each
  const projects = new Set(e.files.filter((f) => !/\.ya?ml$/.test(f)).map(projectOf).filter((p): p is string => p !== undefined));
  return { schema, folder, projects };
}

/** the path before a file's models/ (seeds/ ...) folder: which dbt project it is in */
function projectOf(file: string): string | undefined {
  const dirs = file.split('/').slice(0, -1);
  const root = dirs.findIndex((d) => /^(models|seeds|snapshots|sql|queries)$/.test(d));
  return root >= 0 ? dirs.slice(0, root).join('/') : undefined;
}

/**
 * A name alone links two tables of one project (never across the dbt projects of one
 * repo) only when the target is shared reference data (a seed, a source, a `dim_` table)
 * or lives where the referring table lives (the same schema
 * when both have one, else the same folder), or is named for the same source system: `campaign_id` in one tenant's dataset is
 * not another tenant's campaign.
 */
export function nearEnough(from: CatalogEntry, to: CatalogEntry, sameSystem = false): boolean {
  const a = areaOf(from);
  const b = areaOf(to);
  // reference data is shared within a project, not across the projects of one repo
  if (a.projects.size && b.projects.size && ![...a.projects].some((p) => b.projects.has(p))) return false;
  if (to.kind === 'dbt seed') return true;
  // outside a dbt project a source is one raw table among many copies: only those it reads count
  if (to.kind === 'dbt source') return a.projects.size > 0 || readsSchema(from, schemaOf(to.id));
  // a table named for the same source system (`stg__crm__...`, `int__crm__...`) is near across a project's layer schemas
  if (sameSystem) return true;
  if (isSharedDimension(to)) return true;
  // two schemas say more than two folders: one Airflow DAG folder builds many datasets
  // and the earlier layers a model reads are near it: an intermediate model is tested against the
  // staging it reads, but a same-layer table of another schema is no nearer for being read
  if (a.schema !== '' && b.schema !== '') return a.schema === b.schema || (layerOf(to) < layerOf(from) && readsSchema(from, b.schema));
  return a.folder !== '' && a.folder === b.folder;
}
