import { join } from 'node:path';
import type { TableFact } from '../../schemas/facts.js';
import type { ModelConfig } from '../../enrichers/model/config.js';
import { writeJsonl } from '../../infra/run-folder/jsonl.js';
import { enrichTablesWithModel, indexModelCatalog } from '../../activities/model.js';
import { readJsonLines } from '../../activities/model-io.js';
import { ModelResult } from '../../schemas/model-answer.js';
import type { RefCatalog } from './catalog-at.js';

/**
 * `diff --model`: the nightly model step, called directly on the selected tables of
 * one side (crawled with a snapshot of the ref for the model to read). Answers the
 * nightly runs already paid for are reused through their fingerprints file (the same
 * cache key: entry, neighbours, prompt version, model).
 */
export function modelFactsWith(config: ModelConfig, previousFingerprints: string | undefined) {
  return async (side: RefCatalog, ids: string[]): Promise<Map<string, TableFact>> => {
    const out = new Map<string, TableFact>();
    if (!ids.length) return out;
    await indexModelCatalog({ runDir: side.runDir, shardPaths: side.shardPaths });
    const shardPath = join(side.runDir, 'diff', 'selected.jsonl');
    await writeJsonl(shardPath, ids.map((id) => side.entries.get(id)));
    const stats = await enrichTablesWithModel({ runDir: side.runDir, shardPath, config, previousFingerprints });
    for (const r of await readJsonLines(stats.outputPath, (v) => ModelResult.parse(v))) if (r.fact) out.set(r.id, r.fact);
    return out;
  };
}

