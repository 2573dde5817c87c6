import type { CatalogEntry } from '../../schemas/catalog.js';
import type { CatalogView } from '../../enrichers/model/catalog-view.js';
import type { ModelConfig } from '../../enrichers/model/config.js';
import { buildContext, type SourceFile } from '../../enrichers/model/context.js';
import { modelFingerprint } from '../../enrichers/model/fingerprint.js';
import { neighboursOf, readSnapshotFiles } from './model-io.js';

export interface PreparedTable {
  entry: CatalogEntry;
  fingerprint: string;
  context: string;
  code: SourceFile[];
}

/** Fingerprint first: an unchanged table needs no file reads at all. */
export function fingerprintOf(entry: CatalogEntry, view: CatalogView, config: ModelConfig): string {
  const summaries = neighboursOf(entry, view).map((n) => `${n.direction} ${n.id}: ${n.summary}`);
  return modelFingerprint(entry, summaries, config.promptVersion, config.model);
}

export async function prepareTable(
  entry: CatalogEntry,
  view: CatalogView,
  snapshotDir: string,
  config: ModelConfig,
): Promise<PreparedTable> {
  const files = await readSnapshotFiles(snapshotDir, entry.files);
  const context = buildContext({ entry, files, neighbours: neighboursOf(entry, view), budget: config.tokenBudget });
  return { entry, fingerprint: fingerprintOf(entry, view, config), context: context.text, code: files };
}
