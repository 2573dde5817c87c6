/**
 * One split statement as the statements a grammar reads: a Hive multi-insert becomes one
 * INSERT per target (multi-insert.ts), a spelling no grammar takes is rewritten
 * (grammar-rewrites.ts), and `${var}` / `{{ expr }}` placeholders are masked as plain
 * identifiers (placeholders.ts) with `restore` putting them back in the names read.
 * Shared by `grainline lineage` (script-lineage.ts) and the catalog (analyze.ts), so
 * both read the same statements the same way.
 */
import { grammarRewrites } from './grammar-rewrites.js';
import { multiInsertParts } from './multi-insert.js';
import { maskPlaceholders } from './placeholders.js';
import { tokenize, type Token } from './tokens.js';
import type { Dialect } from './types.js';

export interface StatementPart {
  /** the statement as the grammars get it (placeholders masked) */
  text: string;
  tokens: Token[];
  /** a name read from `text`, with its placeholders as written; absent when nothing was masked */
  restore?: (name: string) => string;
}

/** `jinja: false` masks `${var}` only (the catalog's Jinja is rendered or neutralised before) */
export function statementParts(text: string, tokens: Token[], dialect: Dialect, opts: { jinja?: boolean } = {}): StatementPart[] {
  const masked = maskPlaceholders(text, opts);
  let parts: { text: string; tokens: Token[] }[] = [{ text: masked?.text ?? text, tokens: masked ? tokenize(masked.text) : tokens }];
  const multi = multiInsertParts(parts[0].text, parts[0].tokens);
  if (multi) parts = multi.map((p) => ({ text: p, tokens: tokenize(p) }));
  parts = parts.flatMap((p) => grammarRewrites(p.text, p.tokens, dialect)?.map((r) => ({ text: r, tokens: tokenize(r) })) ?? [p]);
  return parts.map((p) => (masked ? { ...p, restore: masked.restore } : p));
}
