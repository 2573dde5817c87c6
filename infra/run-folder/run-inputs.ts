import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { DbtArtifactInput } from '../git/repo-files.js';

/**
 * Files a run reads that are not in the repo (query logs, dbt artifacts, an annotations
 * folder outside it) are uploaded by the command into the run's folder, under the
 * catalog, and the workflow input names them `run:<path in the run folder>`: a worker
 * on another host reaches the catalog, never the submitting host's disk. Only names
 * cross Temporal, so a 10 GB query log costs the history a few dozen bytes.
 */
export const RUN_INPUT = 'run:';

/** The file a workflow input names, on this worker: run inputs under the run folder, anything else as given. */
export function runInputPath(runDir: string, name: string): string {
  return name.startsWith(RUN_INPUT) ? `${runDir}/${name.slice(RUN_INPUT.length)}` : name;
}

export interface RunSideInputs {
  usagePaths: string[];
  annotationsDir: string;
  dbt?: DbtArtifactInput;
}

/**
 * Copies the host files of a run's side inputs into its folder and names them there.
 * Names carry the content's hash, so an unchanged manifest keeps its name from run to
 * run (the crawl's reuse key stays the same). A repo-relative annotations folder is read
 * from the repo at the pinned commit and needs no copy.
 */
export async function uploadRunInputs(runDir: string, side: RunSideInputs): Promise<RunSideInputs> {
  await mkdir(`${runDir}/inputs`, { recursive: true });
  const upload = async (path: string) => {
    const name = `inputs/${await contentHash(path)}-${basename(path)}`;
    await copyFile(path, `${runDir}/${name}`);
    return RUN_INPUT + name;
  };
  const annotationsDir = isAbsolute(side.annotationsDir) ? await uploadDir(runDir, side.annotationsDir) : side.annotationsDir;
  const dbt = side.dbt && {
    ...side.dbt,
    ...(side.dbt.dbtManifest ? { dbtManifest: await upload(side.dbt.dbtManifest) } : {}),
    ...(side.dbt.dbtCatalog ? { dbtCatalog: await upload(side.dbt.dbtCatalog) } : {}),
  };
  return { usagePaths: await Promise.all(side.usagePaths.map(upload)), annotationsDir, ...(dbt ? { dbt } : {}) };
}

/** a missing folder stays as named: the annotations step warns that it is gone, as before */
async function uploadDir(runDir: string, dir: string): Promise<string> {
  const copied = await cp(dir, `${runDir}/inputs/annotations`, { recursive: true }).then(() => true, () => false);
  return copied ? `${RUN_INPUT}inputs/annotations` : dir;
}

async function contentHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 16);
}
