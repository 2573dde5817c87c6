/**
 * The ref()/source() calls written in a model's Jinja, read straight from the text.
 * Used for line numbers of rendered calls, and as the whole lineage when rendering
 * fails. This scans Jinja call syntax, not SQL.
 */
export interface RawCall {
  kind: 'ref' | 'source';
  args: string[];
  line: number;
}

// Only calls whose arguments are all literals (then `)` or a keyword such as v=2): in
// `ref('metric__' ~ m)` the literal is not the name, and no name can be read.
const CALL = /\b(ref|source)\s*\(\s*((?:(['"])[^'"]*\3\s*,?\s*)+)(?=\)|\w+\s*=)/g;
const STRING_ARG = /(['"])([^'"]*)\1/g;

export function rawCalls(content: string): RawCall[] {
  const calls: RawCall[] = [];
  for (let m = CALL.exec(content); m; m = CALL.exec(content)) {
    const args = [...m[2].matchAll(STRING_ARG)].map((a) => a[2]);
    const line = content.slice(0, m.index).split('\n').length;
    calls.push({ kind: m[1] as RawCall['kind'], args, line });
  }
  return calls;
}

/** Line of the first written call with these arguments, if any. */
export function callLine(calls: RawCall[], kind: RawCall['kind'], args: string[]): number | undefined {
  const key = args.join('\u0000');
  return calls.find((c) => c.kind === kind && c.args.join('\u0000') === key)?.line;
}
