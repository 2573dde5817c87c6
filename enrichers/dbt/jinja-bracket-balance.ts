import nunjucks from 'nunjucks';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Lexer = { lex(src: string): any } & Record<string, string>;

/**
 * Jinja's lexer balances brackets inside a tag: in
 * `{{ config(meta={'database_tags': {'table': {'PURPOSE': 'DEFI'}}}) }}` the `}}` that
 * closes two nested dicts is two closing braces, not the end of the tag. nunjucks'
 * lexer ends the tag at the first `}}`, so every model writing nested dicts in its
 * config failed to render (14 of FlipsideCrypto/near-models' 143). Patched once on
 * the shared tokenizer: while a bracket opened inside the tag is still open, `}}`
 * reads as one closing brace.
 */
export function installBracketBalance(): void {
  const lexer = (nunjucks as unknown as { lexer: Lexer }).lexer;
  const proto = Object.getPrototypeOf(lexer.lex(''));
  if (proto.__grainlineBalanced) return;
  proto.__grainlineBalanced = true;
  const opening = new Set([lexer.TOKEN_LEFT_PAREN, lexer.TOKEN_LEFT_BRACKET, lexer.TOKEN_LEFT_CURLY]);
  const closing = new Set([lexer.TOKEN_RIGHT_PAREN, lexer.TOKEN_RIGHT_BRACKET, lexer.TOKEN_RIGHT_CURLY]);
  const nextToken = proto.nextToken;
  proto.nextToken = function balancedNextToken(this: any) {
    // nunjucks' slice parsing rewinds the tokenizer (`x[0:10]` is tried as a list first): forget what was undone
    const log: { at: number; delta: number }[] = (this.bracketLog ??= []);
    while (log.length && log[log.length - 1].at >= this.index) this.openBrackets -= log.pop()!.delta;
    if (this.in_code && this.openBrackets > 0 && this.tags.VARIABLE_END === '}}' && this.str.startsWith('}}', this.index)) {
      const { lineno, colno } = this;
      log.push({ at: this.index, delta: -1 });
      this.forward();
      this.openBrackets--;
      return { type: lexer.TOKEN_RIGHT_CURLY, value: '}', lineno, colno };
    }
    const at = this.index;
    const tok = nextToken.call(this);
    let delta = 0;
    if (!tok || !this.in_code) delta = -(this.openBrackets ?? 0);
    else if (opening.has(tok.type)) delta = 1;
    else if (closing.has(tok.type) && this.openBrackets > 0) delta = -1;
    if (delta) {
      log.push({ at, delta });
      this.openBrackets = (this.openBrackets ?? 0) + delta;
    }
    return tok;
  };
}
