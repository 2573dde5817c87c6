/** Just enough of Scala's lexical syntax to find string arguments without being fooled by comments. */
export type ScalaToken =
  | { kind: 'ident'; text: string; line: number }
  | { kind: 'punct'; text: string; line: number }
  | { kind: 'string'; text: string; line: number; interpolator?: string; triple: boolean };

export function tokenizeScala(src: string): ScalaToken[] {
  const tokens: ScalaToken[] = [];
  let i = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let k = i; k < to && k < src.length; k++) if (src[k] === '\n') line++;
    i = Math.min(to, src.length);
  };
  while (i < src.length) {
    const ch = src[i];
    if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      advance(end < 0 ? src.length : end);
    } else if (src.startsWith('/*', i)) {
      advance(blockCommentEnd(src, i));
    } else if (/\s/.test(ch)) {
      advance(i + 1);
    } else if (/[A-Za-z_$]/.test(ch)) {
      let end = i + 1;
      while (end < src.length && /[A-Za-z0-9_$]/.test(src[end])) end++;
      const word = src.slice(i, end);
      if (src[end] === '"') {
        // an interpolator directly before a quote: s"..", f"..", raw".."
        const start = line;
        advance(end);
        tokens.push({ ...readString(src, i), line: start, interpolator: word, kind: 'string' });
        advance(stringEnd(src, end));
      } else {
        tokens.push({ kind: 'ident', text: word, line });
        advance(end);
      }
    } else if (/[0-9]/.test(ch)) {
      let end = i + 1;
      while (end < src.length && /[0-9A-Za-z_.]/.test(src[end])) end++;
      advance(end);
    } else if (ch === '"') {
      const start = line;
      tokens.push({ ...readString(src, i), line: start, kind: 'string' });
      advance(stringEnd(src, i));
    } else if (ch === "'" && /^'(\\.|[^\\'\n])'/.test(src.slice(i, i + 4))) {
      // a character literal: skipped so a quote inside it cannot open a string
      advance(i + (src[i + 1] === '\\' ? 4 : 3));
    } else {
      tokens.push({ kind: 'punct', text: ch, line });
      advance(i + 1);
    }
  }
  return tokens;
}

/** Scala block comments nest. */
function blockCommentEnd(src: string, start: number): number {
  let depth = 0;
  for (let k = start; k < src.length - 1; k++) {
    if (src.startsWith('/*', k)) {
      depth++;
      k++;
    } else if (src.startsWith('*/', k)) {
      depth--;
      k++;
      if (depth === 0) return k + 1;
    }
  }
  return src.length;
}

function stringEnd(src: string, quote: number): number {
  if (src.startsWith('"""', quote)) {
    const close = src.indexOf('"""', quote + 3);
    if (close < 0) return src.length;
    // """ may be followed by more quotes that belong to the content; the last three close it
    let end = close + 3;
    while (src[end] === '"') end++;
    return end;
  }
  for (let k = quote + 1; k < src.length; k++) {
    if (src[k] === '\\') k++;
    else if (src[k] === '"' || src[k] === '\n') return k + 1;
  }
  return src.length;
}

function readString(src: string, quote: number): { text: string; triple: boolean } {
  const end = stringEnd(src, quote);
  const triple = src.startsWith('"""', quote);
  const body = triple ? src.slice(quote + 3, Math.max(quote + 3, end - 3)) : src.slice(quote + 1, Math.max(quote + 1, end - 1));
  return { text: triple ? body : unescape(body), triple };
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) =>
    e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' } as Record<string, string>)[e] ?? e,
  );
}
