import { simpleGit } from 'simple-git';
import type { Annotation } from '../../schemas/annotation.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import { crawlRepo } from '../../activities/crawl.js';
import { readAllJsonl } from '../../infra/run-folder/jsonl.js';
import { parseAnnotationFile } from '../../enrichers/annotations/parse-annotation-file.js';
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
  const annotations = await annotationsAt(repo, crawl.commit, resolver);
  return { repo, ref, commit: crawl.commit, runDir, shardPaths, entries, resolver, annotations };
}

/**
 * annotations/*.yml as committed at the ref, not as checked out: the base side of a
 * pull request must see the base's annotations. Unparseable files count as absent,
 * as in a nightly run (which warns about them).
 */
async function annotationsAt(repo: string, commit: string, resolver: NameResolver, dir = 'annotations'): Promise<Map<string, Annotation>> {
  const git = simpleGit(repo);
  const listing = await git.raw(['ls-tree', '-r', '--name-only', commit, '--', `${dir}/`]);
  const out = new Map<string, Annotation>();
  for (const path of listing.split('\n').filter((p) => /\.ya?ml$/i.test(p)).sort()) {
    let annotations: Annotation[] = [];
    try {
      annotations = parseAnnotationFile(path, await git.show([`${commit}:${path}`])).annotations;
    } catch {
      continue;
    }
    for (const a of annotations) {
      const id = resolver.resolve(a.table);
      if (id) out.set(id, a);
    }
  }
  return out;
}
