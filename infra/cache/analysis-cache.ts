import { createReadStream, createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { copyFile, open, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import type { FileFacts } from '../../schemas/facts.js';
import { writeText } from '../run-folder/jsonl.js';
import { CacheDir } from './cache-dir.js';
import { codeVersion } from './code-version.js';

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
 *
 * Which units the pack holds is read from each line's head alone, while git reads
 * the tree; their facts are parsed only in `load`, once the analysis threads are gone.
 * Parsed, a 100k-table repo's facts take some 700 MB of heap: the crawl's largest
 * holding should not share the process with the threads' heaps.
 */
export class AnalysisCache {
  private readonly hits = new Map<string, Span[]>();
  private readonly written = new Set<string>();
  private out: WriteStream | undefined;
  private bytes = { live: 0, stale: 0 };
  /** every complete unit's lines in the pack, until `select` keeps the wanted ones */
  private indexed: Promise<Map<string, Span[]>> = Promise.resolve(new Map());

  private constructor(
    private readonly dir: CacheDir,
    private readonly pack: string,
  ) {}

  /** This run's pack, started from the last complete one and indexed in the background (`select` waits for it). */
  static async open(dir: string, runId: string): Promise<AnalysisCache> {
    const cacheDir = new CacheDir(dir);
    await cacheDir.ensure();
    const cache = new AnalysisCache(cacheDir, cacheDir.path(`pack-${runId}.jsonl`));
    const latest = readPointer(cacheDir);
    const last = latest && latest.code === codeVersion() ? cacheDir.path(latest.pack) : undefined;
    if (existsSync(cache.pack)) await dropPartialLine(cache.pack);
    else if (last && existsSync(last)) await copyFile(last, cache.pack);
    if (existsSync(cache.pack)) {
      cache.indexed = indexPack(cache.pack);
      cache.indexed.catch(() => undefined); // surfaces in select()
    }
    return cache;
  }

  /** Keeps the units of this run's repo; the others count as stale, for compaction. */
  async select(wanted: Set<string>): Promise<void> {
    for (const [key, spans] of await this.indexed) {
      const bytes = spans.reduce((n, s) => n + s.length + 1, 0);
      if (!wanted.has(key)) {
        this.bytes.stale += bytes;
        continue;
      }
      this.bytes.live += bytes;
      this.hits.set(key, spans);
      this.written.add(key);
    }
    this.indexed = Promise.resolve(new Map());
  }

  has(key: string): boolean {
    return this.hits.has(key);
  }

  /**
   * The facts of these units, read from the pack. A unit whose lines no longer parse
   * is left out, for the caller to analyse again.
   */
  async load(keys: string[]): Promise<Map<string, FileFacts[]>> {
    const wanted = keys.flatMap((key) => (this.hits.get(key) ?? []).map((span, i) => ({ key, i, span })));
    wanted.sort((a, b) => a.span.offset - b.span.offset);
    const out = new Map<string, FileFacts[]>();
    const bad = new Set<string>();
    for await (const { key, i, text } of readSpans(this.pack, wanted)) {
      let line: PackLine;
      try {
        line = JSON.parse(text) as PackLine;
      } catch {
        bad.add(key);
        continue;
      }
      let facts = out.get(key);
      if (!facts) out.set(key, (facts = new Array<FileFacts>(line.n)));
      if (line.f) facts[i] = line.f;
    }
    for (const key of bad) {
      out.delete(key);
      this.hits.delete(key);
      this.written.delete(key); // analysed again, the unit is `put` anew
    }
    return out;
  }

  /**
   * Records a unit's facts in this run's pack, unless the pack has them already.
   * `packed`, when given, is the unit's pack lines already made (`packUnit`).
   */
  async put(key: string, facts: FileFacts[], packed?: Uint8Array[]): Promise<void> {
    if (this.written.has(key)) return;
    this.written.add(key);
    this.out ??= createWriteStream(this.pack, { flags: 'a' });
    // one write per unit: a dbt project's 30k lines one by one wait on the stream 30k times
    for (const chunk of packed ?? [[...unitLines(key, facts)].join('')]) {
      this.bytes.live += chunk.length;
      await writeText(this.out, chunk);
    }
  }

  /** This run's pack becomes the one the next run reads; older packs go. */
  async commit(): Promise<void> {
    if (this.out) {
      this.out.end();
      await finished(this.out);
    }
    const name = basename(this.pack);
    await writeFile(this.dir.path(POINTER), JSON.stringify({ pack: name, code: codeVersion() }));
    await this.dir.dropOthers('pack-', name);
  }

  /**
   * Once units the repo no longer has outweigh the live ones, rewrites the committed
   * pack with the live units' lines only. The pack is whole before and after (the
   * copy replaces it by a rename), so the crawl runs this alongside its later stages.
   */
  async compact(): Promise<void> {
    if (this.bytes.stale <= this.bytes.live) return;
    const tmp = `${this.pack}.tmp`;
    const out = await open(tmp, 'w');
    try {
      let kept: Buffer[] = [];
      let size = 0;
      for await (const { line } of packLines(this.pack)) {
        if (!this.written.has(line.toString('latin1', KEY_AT, KEY_AT + 64))) continue;
        kept.push(line, NEWLINE);
        size += line.length + 1;
        if (size < WRITE_BYTES) continue;
        await out.writev(kept);
        [kept, size] = [[], 0];
      }
      await out.writev(kept);
    } finally {
      await out.close();
    }
    await rename(tmp, this.pack);
  }
}

/** Where one line sits in the pack (its newline excluded). */
interface Span {
  offset: number;
  length: number;
}

/**
 * A unit's pack lines: what JSON.stringify of each PackLine gives, written straight
 * into buffers (an analysis thread hands them to the crawl without a copy, instead
 * of 30k strings cloned, then joined again for the write).
 */
export function packUnit(key: string, facts: FileFacts[], chunkBytes = PACK_CHUNK): Buffer[] {
  const chunks: Buffer[] = [];
  let chunk = Buffer.alloc(0);
  let at = 0;
  for (const line of unitLines(key, facts)) {
    const bytes = Buffer.byteLength(line);
    if (at + bytes > chunk.length) {
      if (at) chunks.push(chunk.subarray(0, at));
      // memory of their own, not Node's shared pool: they can be transferred
      [chunk, at] = [Buffer.allocUnsafeSlow(Math.max(chunkBytes, bytes)), 0];
    }
    at += chunk.write(line, at);
  }
  chunks.push(chunk.subarray(0, at));
  return chunks;
}

/** A unit's pack lines, one at a time (a unit without facts still gets one, so the pack knows it). */
function* unitLines(key: string, facts: FileFacts[]): Generator<string> {
  const n = facts.length;
  if (!n) yield `{"key":"${key}","n":0,"i":0,"f":null}\n`;
  for (let i = 0; i < n; i++) yield `{"key":"${key}","n":${n},"i":${i},"f":${JSON.stringify(facts[i])}}\n`;
}
const PACK_CHUNK = 1 << 24;

/** The facts in a unit's pack lines (`packUnit`), in order. */
export function unpackFacts(chunks: Uint8Array[]): FileFacts[] {
  const facts: FileFacts[] = [];
  for (const c of chunks) {
    const buf = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    for (let start = 0, nl = buf.indexOf(10); nl >= 0; start = nl + 1, nl = buf.indexOf(10, start)) {
      const line = JSON.parse(buf.toString('utf8', start, nl)) as PackLine;
      if (line.f) facts.push(line.f);
    }
  }
  return facts;
}

/** `{"key":"<64 hex>","n":N,"i":I,"f":`: the head JSON.stringify gives every pack line. */
const LINE_HEAD = /^\{"key":"([0-9a-f]{64})","n":(\d+),"i":(\d+),"f":/;
const HEAD_BYTES = 120;

/**
 * The pack's complete units and where their lines are. A crashed attempt may have
 * written a unit's lines in part, and a unit whose lines stopped parsing is written
 * again: the last line of each index wins.
 */
async function indexPack(path: string): Promise<Map<string, Span[]>> {
  const units = new Map<string, { spans: (Span | undefined)[]; have: number }>();
  for await (const { offset, line } of packLines(path)) {
    const length = line.length;
    const m = LINE_HEAD.exec(line.toString('latin1', 0, HEAD_BYTES));
    if (!m) continue;
    const [key, n, i] = [m[1], Math.max(1, Number(m[2])), Number(m[3])];
    if (i >= n) continue;
    let unit = units.get(key);
    if (unit?.spans.length !== n) units.set(key, (unit = { spans: new Array<Span | undefined>(n), have: 0 }));
    if (!unit.spans[i]) unit.have++;
    unit.spans[i] = { offset, length };
  }
  const complete = new Map<string, Span[]>();
  for (const [key, unit] of units) if (unit.have === unit.spans.length) complete.set(key, unit.spans as Span[]);
  return complete;
}

/** Each line's offset and bytes (without its newline), scanning the file in large reads. */
async function* packLines(path: string): AsyncGenerator<{ offset: number; line: Buffer }> {
  let carry = Buffer.alloc(0);
  let base = 0; // file offset of carry[0]
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      yield { offset: base + start, line: buf.subarray(start, nl) };
      start = nl + 1;
    }
    // only the unfinished line is kept (a copy: the chunk itself can go)
    carry = Buffer.from(buf.subarray(start));
    base += start;
  }
}
const NEWLINE = Buffer.from('\n');
/** Where the key starts in a pack line: after `{"key":"`. */
const KEY_AT = 8;
const WRITE_BYTES = 1 << 23;

/** The text of the given lines, in file order, reading the pack in large pieces. */
async function* readSpans<T extends { span: Span }>(path: string, wanted: T[]): AsyncGenerator<T & { text: string }> {
  if (!wanted.length) return;
  const fh = await open(path, 'r');
  try {
    let buf = Buffer.alloc(0);
    let bufStart = 0;
    for (const w of wanted) {
      const { offset, length } = w.span;
      if (offset < bufStart || offset + length > bufStart + buf.length) {
        const size = Math.max(READ_BYTES, length);
        if (buf.length < size) buf = Buffer.allocUnsafe(size);
        const { bytesRead } = await fh.read(buf, 0, size, offset);
        buf = buf.subarray(0, bytesRead);
        bufStart = offset;
      }
      yield { ...w, text: buf.toString('utf8', offset - bufStart, offset - bufStart + length) };
    }
  } finally {
    await fh.close();
  }
}
const READ_BYTES = 1 << 23;

/**
 * A crawl killed mid-write can leave its pack ending in part of a line; the retry
 * appends to the same pack, so that part is cut off first.
 */
async function dropPartialLine(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    const tail = Buffer.alloc(Math.min(size, 1 << 16));
    for (let end = size; end > 0; end -= tail.length) {
      const from = Math.max(0, end - tail.length);
      const { bytesRead } = await fh.read(tail, 0, end - from, from);
      const nl = tail.subarray(0, bytesRead).lastIndexOf(10);
      if (nl < 0) continue;
      if (from + nl + 1 < size) await fh.truncate(from + nl + 1);
      return;
    }
    await fh.truncate(0);
  } finally {
    await fh.close();
  }
}

interface PackLine {
  key: string;
  /** how many facts the unit has, and which of them this line holds */
  n: number;
  i: number;
  f: FileFacts | null;
}

/** names the last complete pack and the code that made it */
const POINTER = 'latest.json';

function readPointer(dir: CacheDir): { pack: string; code: string } | undefined {
  try {
    return JSON.parse(readFileSync(dir.path(POINTER), 'utf8'));
  } catch {
    return undefined;
  }
}
