import nunjucks from 'nunjucks';
import { installBracketBalance } from './jinja-bracket-balance.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Internals = { parser: { Parser: { prototype: any } }; compiler: { Compiler: { prototype: any } }; nodes: any; lexer: any };

/**
 * Jinja (Python) syntax dbt projects write that nunjucks' parser refuses or reads
 * differently. Patched on the shared parser/compiler prototypes, once, before
 * nunjucks' own Jinja-compat layer wraps them:
 * - a trailing comma in a list, tuple or dict literal (`[a, b,]`, `{'k': v,}`);
 * - a dict key that is an expression (`{col.name | lower: col.dtype}`); a bare name
 *   stays a string key as nunjucks reads it (keyword arguments share this path);
 * - a trailing comma in a call's arguments (`config(materialized='table',)`);
 * - adjacent string literals, which Python joins (`"case" " when x"`);
 * - a string literal's method call (`'\n'.join(xs)`), whose name nunjucks compiled unescaped;
 * - `{% set ns.attr = v %}` (Jinja's namespace assignment) and `{% set a, b = pair %}`
 *   (unpacking; nunjucks gave both names the whole value);
 * - `{% for (k, v) in d.items() %}`, loop targets in parentheses;
 * - `}}` closing nested dicts inside a tag (jinja-bracket-balance.ts).
 */
export function installPythonSyntax(): void {
  installBracketBalance();
  const n = nunjucks as unknown as Internals;
  const { nodes, lexer } = n;
  const closing = new Set([lexer.TOKEN_RIGHT_PAREN, lexer.TOKEN_RIGHT_BRACKET, lexer.TOKEN_RIGHT_CURLY]);

  n.parser.Parser.prototype.parseAggregate = function parseAggregate(this: any) {
    const tok = this.nextToken();
    let node: any;
    if (tok.type === lexer.TOKEN_LEFT_PAREN) node = new nodes.Group(tok.lineno, tok.colno);
    else if (tok.type === lexer.TOKEN_LEFT_BRACKET) node = new nodes.Array(tok.lineno, tok.colno);
    else if (tok.type === lexer.TOKEN_LEFT_CURLY) node = new nodes.Dict(tok.lineno, tok.colno);
    else return null;
    for (;;) {
      if (closing.has(this.peekToken().type)) {
        this.nextToken();
        break;
      }
      if (node.children.length > 0) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail('parseAggregate: expected comma after expression', tok.lineno, tok.colno);
        // Python allows a comma before the closing bracket
        if (closing.has(this.peekToken().type)) {
          this.nextToken();
          break;
        }
      }
      if (node instanceof nodes.Dict) {
        const key = this.parseExpression();
        if (!this.skip(lexer.TOKEN_COLON)) this.fail('parseAggregate: expected colon after dict key', tok.lineno, tok.colno);
        const value = this.parseExpression();
        node.addChild(new nodes.Pair(key.lineno, key.colno, key, value));
      } else {
        node.addChild(this.parseExpression());
      }
    }
    return node;
  };

  const parser = n.parser.Parser.prototype;
  parser.parseSignature = function parseSignature(this: any, tolerant: boolean, noParens: boolean) {
    let tok = this.peekToken();
    if (!noParens && tok.type !== lexer.TOKEN_LEFT_PAREN) {
      if (tolerant) return null;
      this.fail('expected arguments', tok.lineno, tok.colno);
    }
    if (tok.type === lexer.TOKEN_LEFT_PAREN) tok = this.nextToken();
    const args = new nodes.NodeList(tok.lineno, tok.colno);
    const kwargs = new nodes.KeywordArgs(tok.lineno, tok.colno);
    let first = true;
    for (;;) {
      tok = this.peekToken();
      if (!noParens && tok.type === lexer.TOKEN_RIGHT_PAREN) {
        this.nextToken();
        break;
      }
      if (noParens && tok.type === lexer.TOKEN_BLOCK_END) break;
      if (!first) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail('parseSignature: expected comma after expression', tok.lineno, tok.colno);
        // the comma was the last thing before `)`
        if (!noParens && this.peekToken().type === lexer.TOKEN_RIGHT_PAREN) continue;
      }
      const arg = this.parseExpression();
      if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) kwargs.addChild(new nodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
      else args.addChild(arg);
      first = false;
    }
    if (kwargs.children.length) args.addChild(kwargs);
    return args;
  };

  // `{% for (key, value) in d.items() %}`: Python lets the loop's targets stand in parentheses; nunjucks
  // wanted a bare name. The parenthesis is skipped before the first target and before `in`.
  const parseFor = parser.parseFor;
  parser.parseFor = function parseForParenthesised(this: any) {
    const prim = this.parsePrimary;
    const skipSymbol = this.skipSymbol;
    let first = true;
    let open = false;
    this.parsePrimary = function firstTarget(this: any, ...a: unknown[]) {
      if (first) {
        first = false;
        if (this.peekToken().type === lexer.TOKEN_LEFT_PAREN) {
          this.nextToken();
          open = true;
        }
      }
      return prim.apply(this, a);
    };
    this.skipSymbol = function closeTargets(this: any, name: string) {
      if (open && name === 'in') {
        open = false;
        this.skip(lexer.TOKEN_RIGHT_PAREN);
      }
      return skipSymbol.call(this, name);
    };
    try {
      return parseFor.call(this);
    } finally {
      delete this.parsePrimary;
      delete this.skipSymbol;
    }
  };

  const primary = parser.parsePrimary;
  parser.parsePrimary = function parsePrimary(this: any, noPostfix: boolean) {
    if (this.peekToken().type !== lexer.TOKEN_STRING) return primary.call(this, noPostfix);
    const tok = this.nextToken();
    let value = tok.value;
    while (this.peekToken().type === lexer.TOKEN_STRING) value += this.nextToken().value;
    const node = new nodes.Literal(tok.lineno, tok.colno, value);
    return noPostfix ? node : this.parsePostfix(node);
  };

  const compiler = n.compiler.Compiler.prototype;
  const compileSet = compiler.compileSet;
  compiler.compileSet = function compileSetPython(this: any, node: any, frame: any) {
    const [first] = node.targets;
    if (node.targets.length === 1 && first instanceof nodes.LookupVal && node.value) {
      this._emit('(');
      this._compileExpression(first.target, frame);
      this._emit(')[');
      this._compileExpression(first.val, frame);
      this._emit('] = ');
      this._compileExpression(node.value, frame);
      this._emitLine(';');
      return;
    }
    if (node.targets.length > 1 && node.value && node.targets.every((t: any) => t instanceof nodes.Symbol)) {
      const tmp = this._tmpid();
      this._emit(`var ${tmp} = runtime.fromIterator(`);
      this._compileExpression(node.value, frame);
      this._emitLine(') || [];');
      node.targets.forEach((t: any, i: number) => {
        const item = new nodes.Set(node.lineno, node.colno, [t]);
        item.value = new nodes.LookupVal(node.lineno, node.colno, new nodes.Symbol(node.lineno, node.colno, `__unpack_${tmp}`), new nodes.Literal(node.lineno, node.colno, i));
        this._emitLine(`frame.set("__unpack_${tmp}", ${tmp});`);
        compileSet.call(this, item, frame);
      });
      return;
    }
    compileSet.call(this, node, frame);
  };

  // the callee's name is emitted into a JavaScript string for error messages, unescaped:
  // `'\n'.join(xs)` put a raw newline there and the compiled template did not load
  const nodeName = compiler._getNodeName;
  compiler._getNodeName = function getNodeName(this: any, node: any) {
    return String(nodeName.call(this, node)).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028|\u2029/g, ' ');
  };

  compiler.compilePair = function compilePair(this: any, node: any, frame: any) {
    const { key, value } = node;
    // a bare name stays a string key: keyword arguments compile through here too
    if (key instanceof nodes.Symbol) this.compile(new nodes.Literal(key.lineno, key.colno, key.value), frame);
    else if (key instanceof nodes.Literal && typeof key.value === 'string') this.compile(key, frame);
    else {
      // a computed key: JavaScript's `[expr]: value`
      this._emit('[');
      this._compileExpression(key, frame);
      this._emit(']');
    }
    this._emit(': ');
    this._compileExpression(value, frame);
  };
}
