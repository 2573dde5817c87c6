import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as lancedb from '@lancedb/lancedb';

/**
 * LanceDB lists a table as soon as its folder exists, but the folder becomes a table
 * only with its first commit: a manifest in `_versions`. A create killed before that
 * commit (the chaos trials hit it: the CLI killed as the first write began) leaves a
 * folder with no manifest; opening it fails with "<name>.lance/_versions not found",
 * and so did every later run. No reader can ever have read such a folder, so it is no
 * table: readers see none, and the next writer creates the table over it.
 */
export function neverCommitted(db: lancedb.Connection, name: string): boolean {
  const folder = localFolder(db);
  if (!folder) return false; // an object store: LanceDB's own answer stands
  const versions = join(folder, `${name}.lance`, '_versions');
  return !existsSync(versions) || !readdirSync(versions).some((f) => f.endsWith('.manifest'));
}

/** The table if it has at least one committed version; undefined if it does not exist or never committed. */
export async function openCommitted(db: lancedb.Connection, name: string): Promise<lancedb.Table | undefined> {
  if (!(await db.tableNames()).includes(name) || neverCommitted(db, name)) return undefined;
  return db.openTable(name);
}

/**
 * The folder of a local (listing) database. The connection only tells it in its
 * description, `ListingDatabase(uri=<path>, read_consistency_interval=…)`; a URI with
 * a scheme (s3://, gs://, db://) is not a local folder.
 */
function localFolder(db: lancedb.Connection): string | undefined {
  const m = /^ListingDatabase\(uri=(.*), read_consistency_interval=/.exec(db.display());
  if (!m || /^[a-z][a-z0-9+.-]*:\/\//i.test(m[1])) return undefined;
  return m[1];
}
