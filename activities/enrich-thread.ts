import { parentPort } from 'node:worker_threads';
import { enrichShard, type EnrichShardInput } from './enrich-shard.js';
import { toThreadError } from './errors.js';

parentPort!.on('message', async ({ id, input }: { id: number; input: EnrichShardInput }) => {
  try {
    parentPort!.postMessage({ id, result: await enrichShard(input) });
  } catch (err) {
    parentPort!.postMessage({ id, error: toThreadError(err) });
  }
});
