import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP, DIST, SOURCE_ROOTS } from '../../bin/build-freshness.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/**
 * Issue 17, start fast: "ship compiled JavaScript: build at install (`prepare`), not
 * with tsx per command". In a copy of the package, `npm run prepare` (what `npm ci`
 * runs) builds dist/; then a command must run the compiled modules and never load tsx
 * (the ~2.7 s it cost each command), and a source edited after the build must run as
 * edited (through tsx), never as the stale compiled code.
 */
describe('an installed copy runs compiled JavaScript', () => {
  let pkg: string;
  let loads: string;
  let hook: string;
  let sql: string;

  /** `grainline args` in the copy: exit code, output, and every module URL the process resolved. */
  async function grainline(args: string[], env: Record<string, string> = {}) {
    writeFileSync(loads, '');
    const childEnv: NodeJS.ProcessEnv = { ...process.env, GRAINLINE_LOADS: loads, ...env };
    if (!env.GRAINLINE_FROM_SOURCE) delete childEnv.GRAINLINE_FROM_SOURCE;
    const r = await run(process.execPath, ['--import', hook, join(pkg, 'bin', 'grainline.js'), ...args], { cwd: pkg, env: childEnv });
    const urls = readFileSync(loads, 'utf8').split('\n').filter(Boolean);
    return { out: r.stdout, err: r.stderr, urls, tsx: urls.some((u) => u.includes('/node_modules/tsx/')), ts: urls.filter((u) => u.endsWith('.ts')) };
  }

  beforeAll(async () => {
    pkg = mkdtempSync(join(tmpdir(), 'grainline-installed-'));
    for (const entry of [...SOURCE_ROOTS, 'bin', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, entry), join(pkg, entry), { recursive: true });
    rmSync(join(pkg, DIST), { recursive: true, force: true });
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    // a resolve hook that notes every module the process loads, in the order it asks
    loads = join(pkg, 'loads.txt');
    const hooks = join(pkg, 'load-hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (log) appendFileSync(log, r.url + '\\n');
  return r;
}
`,
    );
    hook = join(pkg, 'record-loads.mjs');
    writeFileSync(
      hook,
      `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: process.env.GRAINLINE_LOADS } });
`,
    );
    sql = join(pkg, 'job.sql');
    writeFileSync(sql, 'create table mart.daily as select o.day, sum(o.amount) as revenue from raw.orders o join raw.days d on o.day = d.day group by o.day;\n');
    await run('npm', ['run', '--silent', 'prepare'], { cwd: pkg });
  }, 180_000);
  afterAll(() => rmSync(pkg, { recursive: true, force: true }));

  it('after `npm run prepare`, a command loads dist/ and never tsx, and answers as the sources do', async () => {
    const stamp = JSON.parse(readFileSync(join(pkg, DIST, BUILD_STAMP), 'utf8'));
    expect(stamp.modules).toBeGreaterThan(100);

    const version = await grainline(['--version']);
    expect(version.out.trim()).toBe(JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version);
    expect(version.urls).toContain(pathToFileURL(join(pkg, DIST, 'cli', 'main.js')).href);
    expect(version.tsx).toBe(false);

    // a command that runs the SQL analyzers, compiled and from the sources
    const compiled = await grainline(['lineage', sql, '--json']);
    expect(compiled.tsx).toBe(false);
    expect(compiled.ts).toEqual([]);
    expect(compiled.urls.some((u) => u.startsWith(`${pathToFileURL(join(pkg, DIST, 'enrichers')).href}/`))).toBe(true);
    const sources = await grainline(['lineage', sql, '--json'], { GRAINLINE_FROM_SOURCE: '1' });
    expect(sources.tsx).toBe(true); // the hook sees tsx when it is there
    expect(JSON.parse(compiled.out)).toMatchObject({ writes: ['mart.daily'], reads: ['raw.orders', 'raw.days'] });
    expect(JSON.parse(compiled.out)).toEqual(JSON.parse(sources.out));
  }, 120_000);

  it('a build without its stamp, or older than a source, is not run', async () => {
    // a build cut off before its stamp is no build
    const stampFile = join(pkg, DIST, BUILD_STAMP);
    const stamp = readFileSync(stampFile);
    rmSync(stampFile);
    expect((await grainline(['--version'])).tsx).toBe(true);
    writeFileSync(stampFile, stamp);
    expect((await grainline(['--version'])).tsx).toBe(false);

    appendFileSync(join(pkg, 'cli', 'main.ts'), "\nprocess.stderr.write('edited after the build\\n');\n");
    const stale = await grainline(['--version']);
    expect(stale.err).toContain('edited after the build');
    expect(stale.tsx).toBe(true);
    expect(stale.urls).toContain(pathToFileURL(join(pkg, 'cli', 'main.ts')).href);
    expect(stale.urls.some((u) => u.startsWith(`${pathToFileURL(join(pkg, DIST)).href}/`))).toBe(false);
  }, 60_000);
});
