import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';

/** Run folders hold JSON Lines so workflows pass paths, never payloads, and readers stream. */
export async function writeJsonl(path: string, items: Iterable<unknown>): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  let n = 0;
  for (const item of items) {
    await writeText(out, JSON.stringify(item) + '\n');
    n++;
  }
  out.end();
  await finished(out);
  return n;
}

/** Writes, waiting for the stream to drain when its buffer is full: memory stays bounded. */
export async function writeText(out: Writable, text: string | Uint8Array): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function* readJsonl<T = unknown>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line) as T;
}

export async function readAllJsonl<T = unknown>(path: string): Promise<T[]> {
  const out: T[] = [];
  for await (const item of readJsonl<T>(path)) out.push(item);
  return out;
}
