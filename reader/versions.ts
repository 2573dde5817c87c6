import * as lancedb from '@lancedb/lancedb';
import { rowToRecord } from '../schemas/arrow.js';
import { TableRecord } from '../schemas/table-record.js';
import { openTablesIfExists, sqlString } from '../infra/store/lance-store.js';

/** One LanceDB version of the tables table, as a version number or a tag (`run-<id>`). */
export interface CatalogVersion {
  version: number;
  /** id → fingerprint of every table at that version */
  fingerprints: Map<string, string>;
  /** full records of the given ids at that version (those it has) */
  records(ids: string[]): Promise<Map<string, TableRecord>>;
}

export class UnknownVersionError extends Error {
  override name = 'UnknownVersionError';
}

/**
 * Opens the tables table of `uri` at `at`: a version number, a tag, or a run id (its
 * tag is `run-<id>`); undefined means the latest version.
 */
export async function openCatalogVersion(uri: string, at?: string): Promise<CatalogVersion> {
  const db = await lancedb.connect(uri);
  const table = await openTablesIfExists(db);
  if (!table) throw new UnknownVersionError(`no Grainline catalog at ${uri}`);
  if (at !== undefined) await table.checkout(await resolveVersion(table, at));
  const version = await table.version();
  const fingerprints = new Map<string, string>();
  for (const r of await table.query().select(['id', 'fingerprint']).toArray()) fingerprints.set(r.id as string, r.fingerprint as string);
  return {
    version,
    fingerprints,
    async records(ids) {
      const out = new Map<string, TableRecord>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await table.query().where(`id IN (${chunk.map(sqlString).join(', ')})`).select(Object.keys(TableRecord.shape)).toArray();
        for (const row of rows) out.set(row.id as string, rowToRecord(row));
      }
      return out;
    },
  };
}

async function resolveVersion(table: lancedb.Table, at: string): Promise<number> {
  const versions = new Set((await table.listVersions()).map((v) => v.version));
  if (/^\d+$/.test(at)) {
    if (!versions.has(Number(at))) throw new UnknownVersionError(`no version ${at} (versions ${Math.min(...versions)}..${Math.max(...versions)})`);
    return Number(at);
  }
  const tags = await (await table.tags()).list();
  const hit = tags[at] ?? tags[`run-${at}`];
  if (!hit) {
    const known = Object.keys(tags).sort().slice(-5);
    throw new UnknownVersionError(`no version tagged '${at}'${known.length ? ` (recent tags: ${known.join(', ')})` : ''}`);
  }
  return hit.version;
}
