import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codeVersion } from './code-version.js';

/**
 * The analysis-cache folder (`<state>/analysis-cache`) as the four caches share it:
 * facts per unit (packs), dbt renders (memos), git log, CODEOWNERS matches. Each kind
 * is a set of files with one prefix of which one is current; whatever a cache can only
 * have been made by other analyzer code carries that code's version in its name.
 */
export class CacheDir {
  constructor(readonly dir: string) {}

  path(name: string): string {
    return join(this.dir, name);
  }

  /** `<prefix>[<key>-]<code version><ext>`: a file made by other analyzer code never matches. */
  versioned(prefix: string, ext: string, key?: string): string {
    return `${prefix}${key ? `${key}-` : ''}${codeVersion()}${ext}`;
  }

  async ensure(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /**
   * Writes `name` through a temp file and a rename, so a crash leaves the old file or
   * the new one, never half of one; `write` fills the temp file.
   */
  async replace(name: string, write: string | ((tmp: string) => Promise<void>)): Promise<void> {
    const tmp = this.path(`${name}.${process.pid}.tmp`);
    if (typeof write === 'string') await writeFile(tmp, write);
    else await write(tmp);
    await rename(tmp, this.path(name));
  }

  /** Removes the files of a kind save `keep`: made for another code version or input, they will not match again. */
  async dropOthers(prefix: string, keep: string): Promise<void> {
    for (const f of await readdir(this.dir)) if (f.startsWith(prefix) && f !== keep) await rm(this.path(f), { force: true });
  }
}
