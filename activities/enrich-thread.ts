import { parentPort } from 'node:worker_threads';
import { enrichShard, type EnrichShardInput } from './enrich-shard.js';
import { toThreadError } from '../infra/errors.js';

// One shard at a time: shards waiting their turn hold nothing, so the workflow can
// keep many in flight (hiding Temporal's round trips) without a larger heap.
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', ({ id, input }: { id: number; input: EnrichShardInput }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id, result: await enrichShard(input) });
    } catch (err) {
      parentPort!.postMessage({ id, error: toThreadError(err) });
    }
  });
});
