import type { OwnerFact, Warning } from '../../schemas/facts.js';
import { compileCodeownersPattern } from './codeowners-pattern.js';

export interface CodeownersOwner {
  id: string;
  kind: OwnerFact['kind'];
}

export interface CodeownersRule {
  file: string;
  line: number;
  pattern: string;
  /** empty means the pattern deliberately un-owns what it matches */
  owners: CodeownersOwner[];
  regex: RegExp;
  /** a substring every matching path contains (a cheap pre-check) */
  literal: string;
}

export const CODEOWNERS_CONFIDENCE = 0.9;

/** GitHub's lookup order; the first that exists is the only one GitHub reads. */
const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

export function findCodeownersFile(paths: string[]): string | undefined {
  const present = new Set(paths.map(normalizePath));
  return CODEOWNERS_LOCATIONS.find((p) => present.has(p));
}

export function parseCodeowners(
  file: string,
  content: string,
): { rules: CodeownersRule[]; warnings: Warning[] } {
  const rules: CodeownersRule[] = [];
  const warnings: Warning[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const [pattern, ...rest] = tokenize(text);
    const commentAt = rest.findIndex((t) => t.startsWith('#'));
    const ownerTokens = commentAt >= 0 ? rest.slice(0, commentAt) : rest;

    const compiled = compileCodeownersPattern(pattern);
    if (!compiled.ok) {
      warnings.push({ file, line, code: 'codeowners-bad-pattern', message: `${pattern}: ${compiled.reason}` });
      return;
    }
    const bad = ownerTokens.filter((t) => !parseOwner(t));
    if (bad.length > 0) {
      // GitHub skips a line with any invalid owner rather than half-applying it
      warnings.push({
        file,
        line,
        code: 'codeowners-bad-owner',
        message: `${pattern}: not an @user, @org/team or email: ${bad.join(', ')}`,
      });
      return;
    }
    const owners = ownerTokens.map((t) => parseOwner(t)!);
    rules.push({ file, line, pattern, owners, regex: compiled.regex, literal: compiled.literal });
  });
  return { rules, warnings };
}

/** Owners of one file: the last rule that matches decides, even when it names nobody. */
export function ownersForPath(rules: CodeownersRule[], path: string): OwnerFact[] {
  const rule = lastMatchingRule(rules, normalizePath(path));
  if (!rule) return [];
  const catchAll = CATCH_ALL.has(rule.pattern.trim());
  return rule.owners.map((o) => ({
    id: o.id,
    kind: o.kind,
    ...(catchAll
      ? { source: 'heuristic' as const, confidence: CATCH_ALL_CONFIDENCE, detail: `${rule.pattern} (CODEOWNERS default: who reviews the whole repo)` }
      : { source: 'codeowners' as const, confidence: CODEOWNERS_CONFIDENCE, detail: rule.pattern }),
    file: rule.file,
    line: rule.line,
  }));
}

/**
 * A rule for every path is the repo's default reviewers, not a statement about any
 * table: it is kept, but as the weakest inference, below every owner inferred from the
 * table's neighbours (a sibling plurality in a many-owner dataset can hold a few per
 * cent, see sibling-majority.ts). Git history still ranks below it (rank.ts).
 */
const CATCH_ALL = new Set(['*', '**', '/*', '/**', '/']);
export const CATCH_ALL_CONFIDENCE = 0.01;

export function lastMatchingRule(rules: CodeownersRule[], path: string): CodeownersRule | undefined {
  // scanning from the end lets the common case stop at the first hit
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i];
    if (path.includes(rule.literal) && rule.regex.test(path)) return rule;
  }
  return undefined;
}

function parseOwner(token: string): CodeownersOwner | undefined {
  if (/^@[\w.-]+\/[\w.-]+$/.test(token)) return { id: token, kind: 'team' };
  if (/^@[\w.-]+$/.test(token)) return { id: token, kind: 'user' };
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(token)) return { id: token, kind: 'user' };
  return undefined;
}

// whitespace separates tokens except when escaped (`my\ file.txt`)
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[++i];
    } else if (/\s/.test(ch)) {
      if (cur) tokens.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) tokens.push(cur);
  return tokens;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}
