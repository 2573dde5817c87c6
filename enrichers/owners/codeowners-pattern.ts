/**
 * Translates one CODEOWNERS pattern into a RegExp over repo-relative file paths.
 *
 * Written by hand rather than with picomatch because CODEOWNERS is gitignore-shaped,
 * not shell-glob-shaped: a pattern also matches everything below a matching
 * directory, a slash-free pattern floats to any depth, and GitHub departs from
 * gitignore in that `dir/*` owns only direct children.
 */
export type CompiledPattern =
  | { ok: true; regex: RegExp; literal: string }
  | { ok: false; reason: string };

export function compileCodeownersPattern(pattern: string): CompiledPattern {
  // GitHub documents these gitignore features as unsupported; a line using them is skipped
  if (pattern.startsWith('!')) return { ok: false, reason: 'negation (!) is not supported in CODEOWNERS' };
  if (/(^|[^\\])\[/.test(pattern)) return { ok: false, reason: 'character ranges ([ ]) are not supported in CODEOWNERS' };
  if (/(^|[^\\])(\\\\)*\\$/.test(pattern)) return { ok: false, reason: 'pattern ends with a lone backslash' };

  let body = pattern;
  const dirOnly = body.endsWith('/') && !body.endsWith('\\/');
  if (dirOnly) body = body.replace(/\/+$/, '');
  // gitignore: a slash at the start or in the middle anchors the pattern to the root
  const anchored = body.includes('/');
  body = body.replace(/^\/+/, '');
  if (body === '') return { ok: false, reason: 'empty pattern' };

  const segments = body.split('/');
  const last = segments[segments.length - 1];
  let source = anchored ? '' : '(?:.*/)?';
  segments.forEach((seg, i) => {
    const isLast = i === segments.length - 1;
    if (seg === '**') {
      source += isLast ? '.*' : '(?:.*/)?';
      return;
    }
    source += segmentToRegex(seg) + (isLast ? '' : '/');
  });

  // GitHub: `docs/*` owns docs/a.md but not docs/sub/b.md (a bare `*` still floats)
  const directChildrenOnly = last === '*' && anchored;
  if (dirOnly) source += '/.*';
  else if (!directChildrenOnly && last !== '**') source += '(?:/.*)?';
  return { ok: true, regex: new RegExp(`^${source}$`), literal: longestLiteral(body) };
}

/**
 * The longest wildcard-free run of the pattern: every matching path contains it,
 * so a substring check can rule out most rules before the regex runs.
 */
function longestLiteral(body: string): string {
  let best = '';
  let run = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '*' || ch === '?') {
      run = '';
      // the slash after `**` is optional (`**/logs` matches `logs`), so it is not literal
      if (body.startsWith('**/', i)) i += 2;
      continue;
    }
    run += ch === '\\' && i + 1 < body.length ? body[++i] : ch;
    if (run.length > best.length) best = run;
  }
  return best;
}

function segmentToRegex(seg: string): string {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    const ch = seg[i];
    if (ch === '\\' && i + 1 < seg.length) out += escapeRegex(seg[++i]);
    else if (ch === '*') {
      while (seg[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else out += escapeRegex(ch);
  }
  return out;
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
