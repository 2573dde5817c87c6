import { createHash } from 'node:crypto';
import type { CatalogEntry } from '../../schemas/catalog.js';

/**
 * Everything that can change the model's answer: the table's own inputs (the crawl's
 * fingerprint already covers code and facts), what its neighbours look like, the
 * prompt and the model. Equal fingerprint and a previous success → no call.
 */
export function modelFingerprint(
  entry: CatalogEntry,
  neighbourSummaries: string[],
  promptVersion: string,
  model: string,
): string {
  const payload = JSON.stringify({
    table: entry.fingerprint,
    files: [...entry.files].sort(),
    neighbours: [...neighbourSummaries].sort(),
    promptVersion,
    model,
  });
  return createHash('sha256').update(payload).digest('hex').slice(0, 32);
}
