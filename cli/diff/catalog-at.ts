import type { Annotation } from '../../schemas/annotation.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import { crawlRepo } from '../../activities/index.js';
import { readAllJsonl } from '../../infra/run-folder/jsonl.js';
import { annotationsAt } from '../../infra/git/annotations.js';
import { NameResolver } from '../../enrichers/catalog/resolver.js';
import { maxFileBytes } from '../options.js';

/** The linked catalog of a repo at one ref, with the annotations committed at that ref. */
export interface RefCatalog {
  repo: string;
  ref: string;
  commit: string;
  runDir: string;
  shardPaths: string[];
  entries: Map<string, CatalogEntry>;
  resolver: NameResolver;
  annotations: Map<string, Annotation>;
}

/** The nightly crawl, into a scratch run folder: both refs are read exactly as a run would. */
export async function catalogAt(repo: string, ref: string, runDir: string, opts: { snapshot?: boolean } = {}): Promise<RefCatalog> {
  const crawl = await crawlRepo({ repo, ref, runDir, maxFileBytes: maxFileBytes(), snapshot: opts.snapshot });
  const { shardPaths } = crawl;
  const entries = new Map<string, CatalogEntry>();
  for (const p of shardPaths) for (const e of await readAllJsonl<CatalogEntry>(p)) entries.set(e.id, e);
  const resolver = new NameResolver();
  for (const e of entries.values()) resolver.add(e.id, e.aliases);
  const annotations = byTable((await annotationsAt(repo, crawl.commit)).annotations, resolver);
  return { repo, ref, commit: crawl.commit, runDir, shardPaths, entries, resolver, annotations };
}

/** Each annotation by the table it names; one naming no table of the catalog is left out. */
function byTable(annotations: Annotation[], resolver: NameResolver): Map<string, Annotation> {
  const out = new Map<string, Annotation>();
  for (const a of annotations) {
    const id = resolver.resolve(a.table);
    if (id) out.set(id, a);
  }
  return out;
}
