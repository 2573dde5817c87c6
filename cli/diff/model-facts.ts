import { CatalogEntry } from '../../schemas/catalog.js';
import type { TableFact } from '../../schemas/facts.js';
import type { ModelConfig } from '../../enrichers/model/config.js';
import { catalogView, indexEntryOf } from '../../enrichers/model/catalog-view.js';
import { loadPrevious } from '../../infra/model/model-io.js';
import { answerTables } from '../../infra/model/model-step.js';
import { runPaths } from '../../infra/run-folder/run-paths.js';
import type { RefCatalog } from './catalog-at.js';

/**
 * `diff --model`: the nightly model step, called in memory on the selected tables of
 * one side (crawled with a snapshot of the ref for the model to read). Answers the
 * nightly runs already paid for are reused through their fingerprints file (the same
 * cache key: entry, neighbours, prompt version, model). Nothing is written: a diff
 * has no later attempt to resume, so a lasting rate limit becomes warnings at once.
 */
export function modelFactsWith(config: ModelConfig, previousFingerprints: string | undefined) {
  return async (side: RefCatalog, ids: string[]): Promise<Map<string, TableFact>> => {
    const out = new Map<string, TableFact>();
    if (!ids.length) return out;
    // parsed as the activity parses a shard, so fingerprints match the nightly runs'
    const parse = (id: string) => CatalogEntry.parse(side.entries.get(id));
    const { results } = await answerTables({
      entries: ids.map(parse),
      view: catalogView([...side.entries.keys()].map((id) => indexEntryOf(parse(id)))),
      config,
      snapshotDir: runPaths(side.runDir).snapshot,
      previous: await loadPrevious(previousFingerprints, new Set(ids)),
      mayEscalate: false,
    });
    for (const r of results) if (r.fact) out.set(r.id, r.fact);
    return out;
  };
}
