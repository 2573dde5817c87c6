/**
 * dbt block tags nunjucks does not know. `do` evaluates and prints nothing;
 * `snapshot` renders its body (a snapshot's SQL lives inside it); `test`, `docs`
 * and `materialization` are definitions that never contribute to a model's SQL.
 * The parser API is untyped (see nunjucks src/parser.js), hence the `any`s.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export class DoTag {
  tags = ['do'];
  parse(parser: any, nodes: any): any {
    const tok = parser.nextToken();
    const expr = parser.parseExpression();
    parser.advanceAfterBlockEnd(tok.value);
    return new nodes.CallExtension(this, 'run', new nodes.NodeList(tok.lineno, tok.colno, [expr]));
  }
  run(): string {
    return '';
  }
}

export class DbtBlockTags {
  tags = ['snapshot', 'test', 'docs', 'materialization'];
  constructor(private readonly onSnapshot: (name: string) => void) {}
  parse(parser: any, nodes: any, lexer: any): any {
    const tok = parser.nextToken();
    const header: string[] = [];
    for (let next = parser.peekToken(); next && next.type !== lexer.TOKEN_BLOCK_END; next = parser.peekToken()) {
      header.push(String(parser.nextToken().value));
    }
    parser.advanceAfterBlockEnd(tok.value);
    const body = parser.parseUntilBlocks('end' + tok.value);
    parser.advanceAfterBlockEnd();
    const lit = (v: string) => new nodes.Literal(tok.lineno, tok.colno, v);
    return new nodes.CallExtension(
      this,
      'run',
      new nodes.NodeList(tok.lineno, tok.colno, [lit(tok.value), lit(header.join(' '))]),
      [body],
    );
  }
  run(_context: unknown, tag: string, header: string, body: () => unknown): string {
    if (tag !== 'snapshot') return '';
    this.onSnapshot(header.trim().split(/\s+/)[0] ?? '');
    return String(body());
  }
}

let loopControlNode: any;

/**
 * `{% break %}` and `{% continue %}`: dbt enables Jinja's loopcontrols extension.
 * nunjucks compiles a for loop to an inline JavaScript loop, so the tag compiles to
 * the JavaScript statement of the same name.
 */
export class LoopControlTags {
  tags = ['break', 'continue'];
  constructor(nunjucksLib: any) {
    if (!loopControlNode) {
      loopControlNode = nunjucksLib.nodes.Value.extend('LoopControl');
      nunjucksLib.compiler.Compiler.prototype.compileLoopControl = function compileLoopControl(this: any, node: any) {
        this._emitLine(`${node.value === 'break' ? 'break' : 'continue'};`);
      };
    }
  }
  parse(parser: any): any {
    const tok = parser.nextToken();
    parser.advanceAfterBlockEnd(tok.value);
    return new loopControlNode(tok.lineno, tok.colno, tok.value);
  }
}
