import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Memo } from '../../enrichers/memo.js';
import { CacheDir } from './cache-dir.js';
import { writeText } from '../run-folder/jsonl.js';

/**
 * An analyzer memo kept on disk from one run to the next: `key<TAB>json` lines, one
 * file per analyzer code version. Values stay JSON text until asked for (a 30k-model
 * project's entries would otherwise double the thread's heap), and only the entries
 * this run used are written back, so the file tracks the repo rather than growing.
 */
const PREFIX = 'memo-';

export class DiskMemo implements Memo {
  private readonly used = new Map<string, string>();

  private constructor(
    private readonly dir: CacheDir,
    private readonly name: string,
    private readonly known: Map<string, string>,
  ) {}

  static async open(dir: string): Promise<DiskMemo> {
    const cacheDir = new CacheDir(dir);
    await cacheDir.ensure();
    const name = cacheDir.versioned(PREFIX, '.tsv');
    const path = cacheDir.path(name);
    const known = new Map<string, string>();
    let text = '';
    try {
      // one read and a scan: a 30k-model project's memo is some 60 MB, and line events cost more than the parsing
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (let start = 0, nl = text.indexOf('\n'); start < text.length; start = nl + 1, nl = text.indexOf('\n', start)) {
      if (nl < 0) nl = text.length;
      const tab = text.indexOf('\t', start);
      if (tab > start && tab < nl) known.set(text.slice(start, tab), text.slice(tab + 1, nl));
    }
    return new DiskMemo(cacheDir, name, known);
  }

  get(key: string): unknown {
    const text = this.used.get(key) ?? this.known.get(key);
    if (text === undefined) return undefined;
    this.used.set(key, text);
    try {
      return JSON.parse(text);
    } catch {
      return undefined; // a line cut short by a crash: computed again
    }
  }

  set(key: string, value: unknown): void {
    this.used.set(key, JSON.stringify(value));
  }

  /** Replaces the file with this run's entries; memos of other code versions go. */
  async save(): Promise<void> {
    await this.dir.replace(this.name, async (tmp) => {
      const out = createWriteStream(tmp);
      for (const [k, v] of this.used) await writeText(out, `${k}\t${v}\n`);
      out.end();
      await finished(out);
    });
    await this.dir.dropOthers(PREFIX, this.name);
  }
}
