import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the pack's line layout changes. */
const PACK_FORMAT = 2;

let version: string | undefined;
/**
 * The analyzer code's identity: every source file under enrichers/ and schemas/ and
 * the parser packages' versions. Any edit there makes old packs unusable, so a fix
 * to an analyzer never meets facts its older self produced.
 */
export function codeVersion(): string {
  if (version) return version;
  // infra/cache/ -> the project root, in the source tree and in dist/ alike
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const h = createHash('sha256').update(`pack format ${PACK_FORMAT}\n`);
  for (const dir of ['enrichers', 'schemas']) {
    for (const f of (readdirSync(join(root, dir), { recursive: true }) as string[]).sort()) {
      // .ts in the source tree, .js in the compiled dist/ (scripts/build.mjs)
      if (f.endsWith('.ts') || f.endsWith('.js')) h.update(f).update(readFileSync(join(root, dir, f)));
    }
  }
  for (const pkg of ['node-sql-parser', '@polyglot-sql/sdk', 'web-tree-sitter', 'tree-sitter-python', 'yaml', 'nunjucks']) {
    h.update(`${pkg}@${installedVersion(pkg) ?? '?'}`);
  }
  version = h.digest('hex').slice(0, 16);
  return version;
}

/**
 * A package's installed version, read from its folder: packages whose `exports` map
 * hides package.json (@polyglot-sql/sdk, web-tree-sitter) cannot be asked through require.
 */
export function installedVersion(pkg: string): string | undefined {
  for (const dir of createRequire(import.meta.url).resolve.paths(pkg) ?? []) {
    try {
      return JSON.parse(readFileSync(join(dir, pkg, 'package.json'), 'utf8')).version;
    } catch {
      /* not in this node_modules */
    }
  }
  return undefined;
}
