import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { resolveSettings } from './resolve-config.js';

let fromFlag: string | undefined;

/** `grainline worker --work-dir DIR`: the flag outranks the environment, as every setting's does. */
export function setWorkerDirFlag(dir: string | undefined): void {
  fromFlag = dir === undefined ? undefined : resolve(dir);
}

/** A catalog URI LanceDB reaches over the network (`s3://…`, `gs://…`), not a folder. */
export const isRemoteUri = (uri: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);

/**
 * The folder that belongs to this worker alone: its bare mirrors of the repo and its
 * analysis caches. Nothing in it is shared with other workers or needed by them, so a
 * cold one is correct, only slower. Without a setting, a worker beside a local db keeps
 * them in the db's `_grainline/` as single-host runs always did; one with a remote db
 * uses the user's cache folder.
 */
export function workerDirFor(dbUri?: string): string {
  const set = fromFlag ?? resolveSettings().workerDir;
  if (set) return resolve(set);
  if (dbUri && !isRemoteUri(dbUri)) return join(isAbsolute(dbUri) ? dbUri : resolve(dbUri), '_grainline');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grainline');
}
