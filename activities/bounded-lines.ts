import type { Readable } from 'node:stream';

/**
 * Lines of a stream, each at most `maxBytes`: a longer one is not kept, only
 * reported by its length, so a log with one gigabyte-long line costs a warning and
 * `maxBytes` of memory (readline holds any line whole). `\r\n` ends a line too.
 */
export async function* boundedLines(input: Readable, maxBytes: number): AsyncGenerator<{ text?: string; tooLong?: number }> {
  let parts: Buffer[] = [];
  let held = 0;
  let dropped = 0;
  const end = () => {
    const out = dropped ? { tooLong: dropped + held } : { text: Buffer.concat(parts).toString('utf8').replace(/\r$/, '') };
    [parts, held, dropped] = [[], 0, 0];
    return out;
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      keep(chunk.subarray(from, nl));
      yield end();
      from = nl + 1;
    }
    keep(chunk.subarray(from));
  }
  if (held || dropped || parts.length) yield end();

  function keep(piece: Buffer): void {
    if (!piece.length) return;
    if (dropped || held + piece.length > maxBytes) {
      dropped += held + piece.length;
      [parts, held] = [[], 0];
    } else {
      parts.push(piece);
      held += piece.length;
    }
  }
}
