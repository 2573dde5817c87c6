import nunjucks from 'nunjucks';
import { Deadline, limit, LimitExceeded, overLimit } from './limits.js';

/**
 * The Jinja limits of limits.ts, enforced inside nunjucks: macro recursion, loop
 * iterations and time per render, and the size of what a render returns. nunjucks
 * compiles a `for` to an inline JavaScript loop over `runtime.fromIterator(x)`, so that
 * call is where each loop's length is charged; every macro goes through
 * `runtime.makeMacro`, so that is where recursion is counted and the clock read.
 * `range()` is checked before it builds its array (range(10**9) is 8 GB, range(0, 1, 0)
 * never ends).
 */
interface RenderBudget {
  file: string;
  items: number;
  deadline: Deadline;
}

let current: RenderBudget | undefined;
let depth = 0;
let installed = false;

/** Installs the limits on an environment (its `range`) and, once, on the shared nunjucks runtime. */
export function installJinjaLimits(env: nunjucks.Environment): void {
  const globals = (env as unknown as { globals: Record<string, unknown> }).globals;
  const range = globals.range as (...a: unknown[]) => unknown[];
  env.addGlobal('range', (...args: unknown[]) => {
    charge(rangeLength(args));
    return range(...args);
  });
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const runtime = (nunjucks as unknown as { runtime: any }).runtime;
  const fromIterator = runtime.fromIterator as (x: unknown) => unknown;
  runtime.fromIterator = (x: unknown) => {
    const out = fromIterator(x);
    charge(itemsOf(out));
    return out;
  };
  const makeMacro = runtime.makeMacro as (a: string[], k: string[], f: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown;
  runtime.makeMacro = (argNames: string[], kwargNames: string[], func: (...a: unknown[]) => unknown) => {
    const macro = makeMacro(argNames, kwargNames, func);
    return function limitedMacro(this: unknown, ...args: unknown[]) {
      if (++depth > limit('jinjaMacroDepth')) {
        depth--;
        throw new LimitExceeded(overLimit(current?.file ?? '(jinja)', 'jinjaMacroDepth', `macro recursion ${depth + 1} deep`));
      }
      try {
        current?.deadline.check();
        return macro.apply(this, args);
      } finally {
        depth--;
      }
    };
  };
}

/**
 * Starts the budget of one render; `end` puts back the one before (a var's value is
 * rendered inside a model's render). Outside a render only the per-loop and
 * recursion limits apply.
 */
export function startRender(file: string): { end(): void } {
  const before = current;
  current = { file, items: 0, deadline: new Deadline(file, 'jinjaRenderMs') };
  return {
    end() {
      current = before;
    },
  };
}

/** The rendered text, or LimitExceeded when it is over the output limit. */
export function checkOutput(file: string, text: string): string {
  if (text.length > limit('jinjaOutputChars')) throw new LimitExceeded(overLimit(file, 'jinjaOutputChars', `${text.length} chars`));
  return text;
}

function charge(items: number): void {
  const max = limit('jinjaLoopItems');
  const file = current?.file ?? '(jinja)';
  if (items > max) throw new LimitExceeded(overLimit(file, 'jinjaLoopItems', `a loop over ${items} items`));
  if (!current) return;
  current.items += items;
  if (current.items > max) throw new LimitExceeded(overLimit(file, 'jinjaLoopItems', `${current.items} iterations`));
  current.deadline.check();
}

function itemsOf(x: unknown): number {
  if (typeof x === 'string' || Array.isArray(x)) return x.length;
  if (x && typeof x === 'object') return Object.keys(x).length;
  return 0;
}

/** How many numbers range() would make, as nunjucks reads its arguments; a zero step never ends. */
function rangeLength(args: unknown[]): number {
  const [a, b, c] = args.map(Number);
  const [start, stop, step] = args.length < 2 || args[1] === undefined ? [0, a, 1] : [a, b, c || 1];
  if ([start, stop, step].some(Number.isNaN)) return 0; // nunjucks makes no numbers of these
  if (![start, stop, step].every(Number.isFinite)) return Infinity;
  return Math.max(0, Math.ceil((stop - start) / step));
}
