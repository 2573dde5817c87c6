import { UserError } from '../../infra/errors.js';
import { openCatalogVersion, UnknownVersionError } from '../../reader/versions.js';
import { compareSnapshots } from './compare.js';
import type { DiffReport } from './table-change.js';

/**
 * What changed in the catalog between two LanceDB versions (e.g. last night and the
 * night before). Records are compared by id; only tables whose stored fingerprint
 * differs are read in full, so a quiet night costs two id scans.
 */
export async function diffVersions(dbUri: string, from: string, to: string | undefined): Promise<DiffReport> {
  const [base, head] = await Promise.all([open(dbUri, from), open(dbUri, to)]);
  const ids = [...new Set([...base.fingerprints.keys(), ...head.fingerprints.keys()])].filter(
    (id) => base.fingerprints.get(id) !== head.fingerprints.get(id),
  );
  const tables = compareSnapshots({
    base: await base.records(ids),
    head: await head.records(ids),
    ids,
    // every id here was re-enriched in between, so its own description diff counts
    direct: new Set(ids),
    definedAtBase: (name) => base.fingerprints.has(name),
    definedAtHead: (name) => head.fingerprints.has(name),
  });
  return {
    base: { ref: from, id: String(base.version) },
    head: { ref: to ?? 'latest', id: String(head.version) },
    tables,
  };
}

async function open(dbUri: string, at: string | undefined) {
  try {
    return await openCatalogVersion(dbUri, at);
  } catch (err) {
    if (err instanceof UnknownVersionError) throw new UserError(err.message);
    throw err;
  }
}
