import { parentPort } from 'node:worker_threads';
import { enrichShard, type EnrichShardInput } from './enrich-shard.js';

parentPort!.on('message', async ({ id, input }: { id: number; input: EnrichShardInput }) => {
  try {
    parentPort!.postMessage({ id, result: await enrichShard(input) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort!.postMessage({ id, error: { name: e.name, message: e.message, stack: e.stack } });
  }
});
