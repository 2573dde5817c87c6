// Is dist/ (scripts/build.mjs) the compiled form of the sources beside it? In a dev
// checkout the sources change under a build: running stale compiled code would
// silently run yesterday's logic, so a stale build is not used (bin/grainline.js).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = 'dist';
export const BUILD_STAMP = 'build-stamp.json';
/** Where compiled modules may come from; an edit anywhere here makes the build stale. */
export const SOURCE_ROOTS = ['schemas', 'enrichers', 'infra', 'activities', 'workflows', 'cli', 'reader', 'fixture', 'mcp', 'scripts', 'temporal.config.ts'];

/**
 * The newest modification time (ms) of any source file or folder (a folder's changes
 * when a file is added, removed or renamed). Some 400 stats: a few milliseconds.
 */
export function newestSourceMtime() {
  let newest = 0;
  const visit = (path) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return;
    newest = Math.max(newest, st.mtimeMs);
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const r of SOURCE_ROOTS) visit(join(projectRoot, r));
  return newest;
}

/** true when dist/ exists and no source changed since the build began. */
export function buildIsFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(projectRoot, DIST, BUILD_STAMP), 'utf8'));
  } catch {
    return false; // never built (or a build in progress left no stamp)
  }
  return newestSourceMtime() <= stamp.sourceMtime;
}
