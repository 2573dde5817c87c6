import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { simpleGit } from 'simple-git';
import type { Warning } from '../../schemas/facts.js';
import { placeArtifacts } from '../../enrichers/dbt/artifact-files.js';
import type { DbtTarget } from '../../enrichers/dbt/target-naming.js';
import { UserError } from '../errors.js';

export interface RepoFile {
  path: string;
  content: string;
  /** git blob hash: a free, exact content fingerprint */
  sha: string;
}

interface TreeEntry {
  mode: string;
  sha: string;
  size: number;
  path: string;
}

/** Files Grainline reads; everything else in a monorepo is skipped unread. */
const INTERESTING = /\.(sql|py|scala|ya?ml|csv)$|(^|\/)CODEOWNERS$|(^|\/)target\/(manifest|catalog)\.json$/;

/** dbt artifacts from outside the repo (a CI job's `dbt parse` / `docs generate`): host paths, read here */
export interface DbtArtifactInput {
  dbtManifest?: string;
  dbtCatalog?: string;
  dbtTarget?: DbtTarget;
}

export async function resolveCommit(repo: string, ref: string): Promise<string> {
  let git;
  try {
    git = simpleGit(repo);
  } catch {
    throw new UserError(`not a directory: ${repo}`);
  }
  // a bare repository (a CI mirror) is read by commit just as well as a checkout
  const isRepo = await git.revparse(['--git-dir']).then(() => true, () => false);
  if (!isRepo) throw new UserError(`not a git repository: ${repo}`);
  try {
    return (await git.revparse([`${ref}^{commit}`])).trim();
  } catch {
    throw new UserError(`ref '${ref}' does not exist in ${repo}`);
  }
}

async function listTree(repo: string, commit: string): Promise<TreeEntry[]> {
  const out = await simpleGit(repo).raw(['ls-tree', '-r', '-z', '-l', '--full-tree', commit]);
  const entries: TreeEntry[] = [];
  for (const rec of out.split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode, type, sha, size] = rec.slice(0, tab).trim().split(/\s+/);
    if (type !== 'blob') continue; // submodules are other repos
    entries.push({ mode, sha, size: Number(size) || 0, path: rec.slice(tab + 1) });
  }
  return entries;
}

/** Streams blobs through one `git cat-file --batch` process instead of one process per file. */
async function readBlobs(repo: string, shas: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (!shas.length) return out;
  const proc = spawn('git', ['cat-file', '--batch'], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  proc.stdout.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git cat-file exited ${code}`))));
  });
  proc.stdin.on('error', () => undefined); // git exiting early: its exit code says why
  proc.stdin.end(shas.join('\n') + '\n');
  await done;
  const buf = Buffer.concat(chunks);
  let pos = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    const [sha, , size] = buf.subarray(pos, nl).toString().split(' ');
    const len = Number(size);
    // `<sha> missing` (a partial clone or mirror lacks the blob) has no body: skip the line, not the rest
    if (!Number.isFinite(len)) {
      pos = nl + 1;
      continue;
    }
    out.set(sha, buf.subarray(nl + 1, nl + 1 + len));
    pos = nl + 1 + len + 1;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * Reads the files Grainline analyses at a pinned commit. Binary, oversized and
 * non-UTF-8 files and symlinks that leave the repo become warnings, never failures.
 */
export async function readRepoFiles(
  repo: string,
  commit: string,
  opts: { maxFileBytes: number; dbt?: DbtArtifactInput },
): Promise<{ files: RepoFile[]; warnings: Warning[]; paths: string[] }> {
  const tree = await listTree(repo, commit);
  const warnings: Warning[] = [];
  const wanted: TreeEntry[] = [];
  for (const e of tree) {
    if (!INTERESTING.test(e.path)) continue;
    if (e.mode === '120000') continue; // symlinks: checked below, content is the link target
    if (e.size > opts.maxFileBytes) {
      warnings.push({ file: e.path, code: 'too-large', message: `skipped: ${e.size} bytes is over the ${opts.maxFileBytes}-byte cap (GRAINLINE_MAX_FILE_BYTES)` });
      continue;
    }
    wanted.push(e);
  }
  const links = tree.filter((e) => e.mode === '120000' && INTERESTING.test(e.path));
  const blobs = await readBlobs(repo, [...new Set([...wanted, ...links].map((e) => e.sha))]);
  for (const l of links) {
    const target = posix.normalize(posix.join(posix.dirname(l.path), blobs.get(l.sha)?.toString() ?? ''));
    const escapes = target.startsWith('..') || posix.isAbsolute(blobs.get(l.sha)?.toString() ?? '');
    warnings.push({
      file: l.path,
      code: escapes ? 'symlink-escape' : 'symlink',
      message: escapes ? `skipped: symlink points outside the repository (${target})` : `skipped: symlink to ${target}, read there`,
    });
  }
  const files: RepoFile[] = [];
  for (const e of wanted) {
    const buf = blobs.get(e.sha);
    if (!buf) continue;
    if (buf.subarray(0, 8000).includes(0)) {
      warnings.push({ file: e.path, code: 'binary', message: 'skipped: binary file' });
      continue;
    }
    let content: string;
    try {
      content = utf8.decode(buf);
    } catch {
      warnings.push({ file: e.path, code: 'non-utf8', message: 'not valid UTF-8: read as Latin-1' });
      content = latin1.decode(buf);
    }
    files.push({ path: e.path, content, sha: e.sha });
  }
  const withArtifacts = opts.dbt ? await withDbtArtifacts(files, opts.dbt) : files;
  if (opts.dbt && withArtifacts === files) {
    warnings.push({ file: opts.dbt.dbtManifest ?? opts.dbt.dbtCatalog ?? '(--dbt-target-*)', code: 'dbt-artifacts-unused', message: 'no dbt_project.yml in the repository: the --dbt-* inputs were not used' });
  }
  return { files: withArtifacts, warnings, paths: tree.map((e) => e.path) };
}

/**
 * The snapshot with the dbt artifacts given on the command line in place. Read here, in
 * the crawl, from the host path the user gave: a manifest can be tens of MB, too much for
 * a workflow's input, so this is for a worker on the host that has the file (the CLI
 * checked the path before the run started).
 */
async function withDbtArtifacts(files: RepoFile[], dbt: DbtArtifactInput): Promise<RepoFile[]> {
  const read = (path: string | undefined) => (path ? readFile(path, 'utf8') : undefined);
  const [manifest, catalog] = await Promise.all([read(dbt.dbtManifest), read(dbt.dbtCatalog)]);
  return placeArtifacts(files, { manifest, catalog, target: dbt.dbtTarget }, (path, content, sha) => ({ path, content, sha }));
}
