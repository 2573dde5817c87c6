import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** What the bundling child prints (cli/bundle-workflows.ts). */
interface BundlerOutput extends WorkflowBundleWithSourceMap {
  workflowsPath: string;
  /** every file webpack read: the workflow modules and the SDK's */
  files: string[];
  startedAt: number;
}

/** Which files the last bundle of one workflowsPath was made from: the next lookup hashes those. */
interface Manifest {
  files: string[];
}

const CACHE_DIR = 'workflow-bundle';
const KEEP_BUNDLES = 3; // the source tree's and dist/'s, and one to spare

/** The entry the bundling child runs: the stub beside this module (tsx in the sources, compiled in dist/). */
const bundlerEntry = () => fileURLToPath(new URL('./bundle-workflows.mjs', import.meta.url));
/** dist/ and the sources bundle different files: each has its own manifest. */
const manifestName = () => `manifest-${createHash('sha256').update(bundlerEntry()).digest('hex').slice(0, 12)}.json`;

/**
 * The bundle the build makes (scripts/build.mjs) beside the compiled code, so that a
 * db's first run needs no bundling either; none for the sources.
 */
const BUILT_DIR = import.meta.url.endsWith('.js') ? fileURLToPath(new URL(`../${CACHE_DIR}/`, import.meta.url)) : undefined;

/**
 * The workflow bundle, from `<stateDir>/workflow-bundle/` (or the build's) when one was
 * made from these very files, else bundled anew (several seconds: webpack) and kept
 * there. The key is a hash of the contents of every project file the bundle was made
 * from (the workflow modules, compiled or not) and the size and time of every package
 * file (the SDK): an edit or an upgrade makes a new bundle, never a stale one.
 */
export async function cachedWorkflowBundle(stateDir?: string): Promise<WorkflowBundleWithSourceMap> {
  const dir = stateDir && join(stateDir, CACHE_DIR);
  for (const d of [dir, BUILT_DIR]) {
    const kept = d && lookUp(d);
    if (kept) return kept;
  }
  return bundleInto(dir);
}

/** Run by the build: the compiled code's bundle, kept beside it. */
export async function prebuildWorkflowBundle(): Promise<void> {
  if (BUILT_DIR) await bundleInto(BUILT_DIR);
}

function lookUp(dir: string): WorkflowBundleWithSourceMap | undefined {
  const manifest = readJson<Manifest>(join(dir, manifestName()));
  const key = manifest && bundleKey(manifest.files);
  return (key && readJson<WorkflowBundleWithSourceMap>(join(dir, `bundle-${key}.json`))) || undefined;
}

async function bundleInto(dir: string | undefined): Promise<WorkflowBundleWithSourceMap> {
  const out = await runBundler();
  const bundle: WorkflowBundleWithSourceMap = { code: out.code, sourceMap: out.sourceMap };
  // a file changed while webpack ran: what it read is unknown, so the bundle is used but not kept
  if (dir && out.files.every((f) => (statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < out.startedAt)) {
    keep(dir, bundleKey(out.files), bundle, { files: out.files });
  }
  return bundle;
}

function bundleKey(files: string[]): string | undefined {
  const h = createHash('sha256');
  for (const f of files) {
    const st = statSync(f, { throwIfNoEntry: false });
    if (!st) return undefined; // a file the bundle was made from is gone
    h.update(f);
    if (f.includes('/node_modules/')) h.update(`${st.size} ${st.mtimeMs}`);
    else h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 20);
}

function runBundler(): Promise<BundlerOutput> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bundlerEntry()], { maxBuffer: 256 * 2 ** 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`bundling the workflow code failed: ${stderr.trim() || err.message}`));
      else resolve(JSON.parse(stdout) as BundlerOutput);
    });
  });
}

/** Written whole (temporary file, then rename): a concurrent reader sees a bundle or none. */
function keep(dir: string, key: string | undefined, bundle: WorkflowBundleWithSourceMap, manifest: Manifest): void {
  if (!key) return;
  try {
    mkdirSync(dir, { recursive: true });
    writeAtomically(join(dir, `bundle-${key}.json`), JSON.stringify(bundle));
    writeAtomically(join(dir, manifestName()), JSON.stringify(manifest));
    const bundles = readdirSync(dir).filter((f) => f.startsWith('bundle-'));
    const byAge = bundles.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
    for (const { f } of byAge.slice(KEEP_BUNDLES)) rmSync(join(dir, f), { force: true });
  } catch {
    /* a cache that cannot be written only costs the next run a bundling */
  }
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
