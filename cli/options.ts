import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../infra/errors.js';
import { LIMITS } from '../enrichers/limits.js';
import { resolveSettings } from '../infra/config/resolve-config.js';
import { runConfigOf, type RunConfig } from '../infra/config/run-config.js';
import { SETTINGS } from '../infra/config/settings.js';
import type { Command } from 'commander';
import type { DbtArtifactInput } from '../infra/git/repo-files.js';

export const DEFAULT_DB = SETTINGS.db.default;
export const DEFAULT_MAX_FILE_BYTES = LIMITS.fileBytes.default;

/** `s3://…`, `gs://…`, `az://…`: a catalog LanceDB reaches over the network, not a local folder. */
export { isRemoteUri } from '../infra/config/worker-dir.js';
import { isRemoteUri } from '../infra/config/worker-dir.js';

/** Local folder for Temporal's state and run manifests, beside the LanceDB tables. */
export function stateDirFor(dbUri: string): string {
  if (isRemoteUri(dbUri)) return resolve(resolveSettings().workDir);
  return join(resolve(dbUri), '_grainline');
}

/** --db, else GRAINLINE_DB, else temporal.config.ts, else the default (infra/config). */
export function dbUriFrom(opt: string | undefined): string {
  const uri = resolveSettings({ flags: { db: opt } }).db;
  return isRemoteUri(uri) || isAbsolute(uri) ? uri : resolve(uri);
}

/** Fails fast, before any server starts, on a db folder that cannot be written. */
export function ensureWritableDb(dbUri: string): void {
  if (isRemoteUri(dbUri)) return;
  try {
    mkdirOneByOne(dbUri);
    accessSync(dbUri, constants.W_OK);
    if (!statSync(dbUri).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw new UserError(`cannot write the database folder ${dbUri}: ${(err as Error).message}`);
  }
}

/** GRAINLINE_MAX_FILE_BYTES: one of the limits of enrichers/limits.ts */
export const maxFileBytes = (): number => resolveSettings().fileBytes;

/**
 * What a run's workflow input carries of the settings, resolved once by the command
 * that starts it: the limits (the crawl's file cap among them) and the embedder choice.
 * A schedule keeps what its creation resolved.
 */
export function runSettings(): { maxFileBytes: number; config: RunConfig } {
  const config = runConfigOf(resolveSettings());
  return { maxFileBytes: config.limits.fileBytes, config };
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Node's recursive mkdir can spin forever under /proc; one level at a time fails fast. */
function mkdirOneByOne(dir: string): void {
  if (existsSync(dir)) return;
  mkdirOneByOne(dirname(dir));
  try {
    mkdirSync(dir);
  } catch (err) {
    // another run made it between the check and the mkdir: that is no error
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * Query logs and annotations named on the command line must be there: a typo would
 * otherwise re-enrich tables without their usage and annotations, and lose both.
 * The default annotations folder (`annotations/` in the repo) may be absent.
 */
export function checkSideInputs(o: { usagePaths?: string[]; annotationsDir?: string; dbt?: DbtArtifactInput }): void {
  for (const path of o.usagePaths ?? []) mustRead(path, '--usage', 'any');
  if (o.annotationsDir !== undefined) mustRead(o.annotationsDir, '--annotations', 'dir');
  if (o.dbt?.dbtManifest !== undefined) mustRead(o.dbt.dbtManifest, '--dbt-manifest', 'file');
  if (o.dbt?.dbtCatalog !== undefined) mustRead(o.dbt.dbtCatalog, '--dbt-catalog', 'file');
}

/**
 * dbt's artifacts and target for every command that enriches (enrich, up, schedule create).
 * Each flag falls back to its GRAINLINE_DBT_* variable, the config a deployment sets once.
 */
export function addDbtOptions(cmd: Command): Command {
  return cmd
    .option('--dbt-manifest <file>', "dbt's manifest.json from `dbt parse` (a CI job's): warehouse names, lineage, compiled SQL (or GRAINLINE_DBT_MANIFEST)")
    .option('--dbt-catalog <file>', "dbt's catalog.json from `dbt docs generate`: column types (or GRAINLINE_DBT_CATALOG)")
    .option('--dbt-target-database <name>', "the database dbt builds into, for dbt's naming without a manifest (or GRAINLINE_DBT_TARGET_DATABASE)")
    .option('--dbt-target-schema <name>', "the target schema dbt builds into: custom schemas become <target>_<custom> (or GRAINLINE_DBT_TARGET_SCHEMA)");
}

/** The dbt inputs a command's flags (or the environment) give, host paths made absolute. */
export function dbtFromOptions(
  o: { dbtManifest?: string; dbtCatalog?: string; dbtTargetDatabase?: string; dbtTargetSchema?: string },
  env: NodeJS.ProcessEnv = process.env,
): DbtArtifactInput | undefined {
  const s = resolveSettings({ flags: { dbtManifest: o.dbtManifest, dbtCatalog: o.dbtCatalog, dbtTargetDatabase: o.dbtTargetDatabase, dbtTargetSchema: o.dbtTargetSchema }, env });
  const { dbtManifest: manifest, dbtCatalog: catalog, dbtTargetDatabase: database, dbtTargetSchema: schema } = s;
  if (!manifest && !catalog && !database && !schema) return undefined;
  return {
    dbtManifest: manifest === undefined ? undefined : resolve(manifest),
    dbtCatalog: catalog === undefined ? undefined : resolve(catalog),
    dbtTarget: database || schema ? { database, schema } : undefined,
  };
}

function mustRead(path: string, flag: string, want: 'any' | 'dir' | 'file'): void {
  const full = resolve(path);
  let isDir: boolean;
  try {
    isDir = statSync(full).isDirectory();
    accessSync(full, constants.R_OK | (isDir ? constants.X_OK : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${flag} ${path}: no such file or folder` : `${flag} ${path}: cannot read it (${code ?? (err as Error).message})`);
  }
  if (want === 'dir' && !isDir) throw new UserError(`${flag} ${path}: not a folder`);
  if (want === 'file' && isDir) throw new UserError(`${flag} ${path}: a folder, not a file`);
}

/** An option parser for counts: a whole number above 0, or a usage error naming the flag. */
export const positiveIntOption = (flag: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} takes a whole number above 0, not '${v}'`);
  return n;
};
