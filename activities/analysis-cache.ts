import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { FileFacts } from '../schemas/facts.js';
import { writeText } from './jsonl.js';

/**
 * Facts per analysis unit, kept from one run to the next so that a night where 1% of
 * the repo changed analyses 1% of it. One pack per run (JSON Lines): it starts as a
 * copy of the last complete pack and gets the units analysed anew appended as they
 * finish, so a crashed crawl's retry finds its own work too; a pointer names the last
 * complete pack. Units the repo no longer has stay in the pack until they outweigh
 * the live ones, then it is rewritten. A line holds one file's facts and says how
 * many its unit has (a unit is used only whole; a dbt project's facts would make one
 * line too long for a string). Keys hash the unit's files; a pack made by other
 * analyzer code is ignored.
 */
export class AnalysisCache {
  private readonly hits = new Map<string, FileFacts[]>();
  private readonly written = new Set<string>();
  private out: WriteStream | undefined;
  private bytes = { live: 0, stale: 0 };
  /** every complete unit in the pack, with its lines' size, until `select` keeps the wanted ones */
  private loaded: Promise<Map<string, { facts: FileFacts[]; bytes: number }>> = Promise.resolve(new Map());

  private constructor(
    private readonly dir: string,
    private readonly pack: string,
  ) {}

  /**
   * This run's pack, started from the last complete one. The pack is parsed in the
   * background: the crawl reads the repo meanwhile, and `select` waits for it.
   */
  static async open(dir: string, runId: string): Promise<AnalysisCache> {
    await mkdir(dir, { recursive: true });
    const cache = new AnalysisCache(dir, join(dir, `pack-${runId}.jsonl`));
    const latest = readPointer(dir);
    const last = latest && latest.code === codeVersion() ? join(dir, latest.pack) : undefined;
    if (!existsSync(cache.pack) && last && existsSync(last)) await copyFile(last, cache.pack);
    if (existsSync(cache.pack)) {
      cache.loaded = loadPack(cache.pack);
      cache.loaded.catch(() => undefined); // surfaces in select()
    }
    return cache;
  }

  /** Keeps the units of this run's repo; the others count as stale, for compaction. */
  async select(wanted: Set<string>): Promise<void> {
    for (const [key, unit] of await this.loaded) {
      if (!wanted.has(key)) {
        this.bytes.stale += unit.bytes;
        continue;
      }
      this.bytes.live += unit.bytes;
      this.hits.set(key, unit.facts);
      this.written.add(key);
    }
    this.loaded = Promise.resolve(new Map());
  }

  get size(): number {
    return this.hits.size;
  }

  get(key: string): FileFacts[] | undefined {
    return this.hits.get(key);
  }

  /** Records a unit's facts in this run's pack, unless the pack has them already. */
  async put(key: string, facts: FileFacts[]): Promise<void> {
    if (this.written.has(key)) return;
    this.written.add(key);
    this.out ??= createWriteStream(this.pack, { flags: 'a' });
    const lines: PackLine[] = facts.length ? facts.map((f, i) => ({ key, n: facts.length, i, f })) : [{ key, n: 0, i: 0, f: null }];
    for (const line of lines) {
      const text = JSON.stringify(line) + '\n';
      this.bytes.live += text.length;
      await writeText(this.out, text);
    }
  }

  /** This run's pack becomes the one the next run reads; older packs go. */
  async commit(): Promise<void> {
    if (this.out) {
      this.out.end();
      await finished(this.out);
    }
    if (this.bytes.stale > this.bytes.live) await this.compact();
    const name = basename(this.pack);
    await writeFile(join(this.dir, 'latest.json'), JSON.stringify({ pack: name, code: codeVersion() }));
    await dropOthers(this.dir, 'pack-', name);
  }

  /** Keeps the lines of units this run has (the key set `put` and `select` filled). */
  private async compact(): Promise<void> {
    const tmp = `${this.pack}.tmp`;
    const out = createWriteStream(tmp);
    for await (const line of createInterface({ input: createReadStream(this.pack), crlfDelay: Infinity })) {
      if (this.written.has(line.slice(8, 72))) await writeText(out, line + '\n');
    }
    out.end();
    await finished(out);
    await rename(tmp, this.pack);
  }
}

/** The pack's complete units; a unit's lines by index, since a crashed attempt may have written some already. */
async function loadPack(path: string): Promise<Map<string, { facts: FileFacts[]; bytes: number }>> {
  const units = new Map<string, { facts: FileFacts[]; bytes: number }>();
  const partial = new Map<string, { facts: FileFacts[]; have: number; bytes: number }>();
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    // `{"key":"<64 hex>",...`: a unit already complete is not parsed twice
    const key = line.slice(8, 72);
    if (units.has(key)) continue;
    let parsed: PackLine;
    try {
      parsed = JSON.parse(line) as PackLine;
    } catch {
      continue; // the last line of a pack whose crawl was killed mid-write
    }
    if (!Number.isInteger(parsed.n) || !Number.isInteger(parsed.i)) continue;
    const unit = partial.get(key) ?? { facts: new Array<FileFacts>(parsed.n), have: 0, bytes: 0 };
    partial.set(key, unit);
    unit.bytes += line.length + 1;
    if (parsed.f && unit.facts[parsed.i] === undefined) {
      unit.facts[parsed.i] = parsed.f;
      unit.have++;
    }
    if (unit.have < parsed.n) continue;
    units.set(key, { facts: unit.facts, bytes: unit.bytes });
    partial.delete(key);
  }
  return units;
}

interface PackLine {
  key: string;
  /** how many facts the unit has, and which of them this line holds */
  n: number;
  i: number;
  f: FileFacts | null;
}

/**
 * Removes the files in `dir` starting with `prefix` save `keep`: caches made for
 * another code version or input, which will not match again.
 */
export async function dropOthers(dir: string, prefix: string, keep: string): Promise<void> {
  for (const f of await readdir(dir)) if (f.startsWith(prefix) && f !== keep) await rm(join(dir, f), { force: true });
}

function readPointer(dir: string): { pack: string; code: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

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
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const h = createHash('sha256').update(`pack format ${PACK_FORMAT}\n`);
  for (const dir of ['enrichers', 'schemas']) {
    for (const f of (readdirSync(join(root, dir), { recursive: true }) as string[]).sort()) {
      if (f.endsWith('.ts')) h.update(f).update(readFileSync(join(root, dir, f)));
    }
  }
  const require = createRequire(import.meta.url);
  for (const pkg of ['node-sql-parser', 'web-tree-sitter', 'tree-sitter-python', 'yaml', 'nunjucks']) {
    try {
      h.update(`${pkg}@${require(`${pkg}/package.json`).version}`);
    } catch {
      h.update(`${pkg}@?`);
    }
  }
  version = h.digest('hex').slice(0, 16);
  return version;
}
