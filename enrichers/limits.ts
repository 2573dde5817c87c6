import type { Warning } from '../schemas/facts.js';

/**
 * Every limit Grainline puts on what it reads, in one place: each states its default
 * and the environment variable that overrides it (a positive number). A file over a
 * limit, or an analysis over its time, becomes one warning naming the file and the
 * limit; the table keeps what else is known and the run goes on. Hostile input
 * (an alias bomb, `[[[[...` ten thousand deep, a loop over a billion items) must cost
 * a warning, never the run: some of these crash Node outright (the YAML parser runs
 * out of memory on 100k nested brackets), which no try/catch can catch.
 *
 * The time budgets are the one place enrichers read a clock: only to stop work,
 * never to decide a fact.
 */
export const LIMITS = {
  fileBytes: { env: 'GRAINLINE_MAX_FILE_BYTES', default: 1024 * 1024, unit: 'bytes', what: 'size of any file the crawl reads' },
  yamlBytes: { env: 'GRAINLINE_YAML_MAX_BYTES', default: 1024 * 1024, unit: 'bytes', what: 'YAML file size' },
  yamlDepth: { env: 'GRAINLINE_YAML_MAX_DEPTH', default: 64, unit: 'levels', what: 'YAML nesting ([ and { levels; aliases followed)' },
  yamlAliasValues: { env: 'GRAINLINE_YAML_MAX_ALIAS_VALUES', default: 100_000, unit: 'values', what: 'YAML values aliases may expand to, plus 10 per character of the file' },
  jsonBytes: { env: 'GRAINLINE_JSON_MAX_BYTES', default: 256 * 1024 * 1024, unit: 'bytes', what: 'JSON document size (manifests)' },
  jsonDepth: { env: 'GRAINLINE_JSON_MAX_DEPTH', default: 256, unit: 'levels', what: 'JSON nesting (manifests, log lines)' },
  logLineBytes: { env: 'GRAINLINE_LOG_LINE_MAX_BYTES', default: 4 * 1024 * 1024, unit: 'bytes', what: 'one query-log line or CSV record' },
  jinjaMacroDepth: { env: 'GRAINLINE_JINJA_MAX_MACRO_DEPTH', default: 200, unit: 'levels', what: 'Jinja macro calls in progress at once (recursion)' },
  jinjaLoopItems: { env: 'GRAINLINE_JINJA_MAX_LOOP_ITEMS', default: 250_000, unit: 'iterations', what: 'Jinja loop iterations in one render (nested loops add up)' },
  jinjaOutputChars: { env: 'GRAINLINE_JINJA_MAX_OUTPUT_CHARS', default: 8 * 1024 * 1024, unit: 'chars', what: 'rendered SQL of one model' },
  jinjaRenderMs: { env: 'GRAINLINE_JINJA_MAX_RENDER_MS', default: 10_000, unit: 'ms', what: 'time to render one template' },
  sqlBytes: { env: 'GRAINLINE_SQL_MAX_BYTES', default: 1024 * 1024, unit: 'bytes', what: 'SQL file size' },
  sqlFileMs: { env: 'GRAINLINE_SQL_MAX_FILE_MS', default: 30_000, unit: 'ms', what: 'time to parse one SQL file' },
  pythonBytes: { env: 'GRAINLINE_PYTHON_MAX_BYTES', default: 1024 * 1024, unit: 'bytes', what: 'Python file size' },
  pythonFileMs: { env: 'GRAINLINE_PYTHON_MAX_FILE_MS', default: 10_000, unit: 'ms', what: 'time to parse one Python file' },
  scalaBytes: { env: 'GRAINLINE_SCALA_MAX_BYTES', default: 1024 * 1024, unit: 'bytes', what: 'Scala file size' },
  scalaFileMs: { env: 'GRAINLINE_SCALA_MAX_FILE_MS', default: 10_000, unit: 'ms', what: 'time to analyse one Scala file' },
} as const satisfies Record<string, { env: string; default: number; unit: string; what: string }>;

export type LimitName = keyof typeof LIMITS;

let overrides: Partial<Record<LimitName, number>> = {};

/**
 * The limit in force: the run's (set by the thread or activity that reads for it, from
 * the config the run carries: infra/config), else the default. Enrichers never read
 * the environment themselves.
 */
export function limit(name: LimitName): number {
  return overrides[name] ?? LIMITS[name].default;
}

/** The run's limits (infra/config resolves them), or a test's; `{}` restores the defaults. */
export function setLimits(values: Partial<Record<LimitName, number>>): void {
  overrides = { ...values };
}

/** The limits in force here, to hand to a thread that reads for the same run. */
export const currentLimits = (): Partial<Record<LimitName, number>> => ({ ...overrides });

/** The warning for a file over a limit: its code says which, its message the numbers and the override. */
export function overLimit(file: string, name: LimitName, actual: number | string, line?: number): Warning {
  const l = LIMITS[name];
  return {
    file,
    ...(line !== undefined ? { line } : {}),
    code: 'over-limit',
    message: `${file}: skipped: ${actual} is over the limit of ${limit(name)} ${l.unit} on ${l.what} (${l.env})`,
  };
}

/** A size limit: the warning when the text is over it. */
export function sizeOver(file: string, text: string, name: LimitName): Warning | undefined {
  // UTF-16 length is at most the UTF-8 byte count times one: a cheap, safe under-estimate first
  if (text.length <= limit(name) / 3) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > limit(name) ? overLimit(file, name, `${bytes} bytes`) : undefined;
}

/**
 * The deepest nesting of brackets in a text, `[` `{` against `]` `}`, skipping
 * double-quoted strings with backslash escapes (JSON's, and YAML's double-quoted
 * scalars). Stops counting once past `max`. A bound, not a parse: a YAML plain
 * scalar holding unbalanced brackets can only make it read deeper than it is.
 */
export function bracketDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > max) return deepest;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return deepest;
}

/** YAML's limits on size and nesting, checked before the parser sees the text. */
export function yamlOverLimit(file: string, text: string): Warning | undefined {
  const size = sizeOver(file, text, 'yamlBytes');
  if (size) return size;
  const depth = bracketDepth(text, limit('yamlDepth'));
  return depth > limit('yamlDepth') ? overLimit(file, 'yamlDepth', `nesting ${depth}+ deep`) : undefined;
}

/** How many values a YAML file's aliases may expand to before it is read as an alias bomb. */
export const yamlAliasBudget = (text: string): number => limit('yamlAliasValues') + 10 * text.length;

/** JSON's limits on size and nesting, checked before JSON.parse. */
export function jsonOverLimit(file: string, text: string, bytes: LimitName = 'jsonBytes', line?: number): Warning | undefined {
  const size = sizeOver(file, text, bytes);
  if (size) return line === undefined ? size : { ...size, line };
  const depth = bracketDepth(text, limit('jsonDepth'));
  return depth > limit('jsonDepth') ? overLimit(file, 'jsonDepth', `nesting ${depth}+ deep`, line) : undefined;
}

/**
 * Source files over their kind's size limit, read as empty: the file is still there
 * (a dbt model keeps its name and its YAML facts), its text is not analysed.
 */
export function boundSourceFiles<F extends { path: string; content: string }>(files: F[]): { files: F[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const out = files.map((f) => {
    const kind = SIZE_BY_EXTENSION.find(([re]) => re.test(f.path))?.[1];
    const over = kind && sizeOver(f.path, f.content, kind);
    if (!over) return f;
    warnings.push(over);
    return { ...f, content: '' };
  });
  return { files: out, warnings };
}

const SIZE_BY_EXTENSION: [RegExp, LimitName][] = [
  [/\.sql$/, 'sqlBytes'],
  [/\.py$/, 'pythonBytes'],
  [/\.scala$/, 'scalaBytes'],
];

/**
 * Limits met deep inside a parser whose result has no room for a warning (a Python
 * parse cut short still returns a tree): reported here, collected by whoever runs
 * the analyzer (analyzeRepo, once per file). Per thread, like the parsers.
 */
const reported: Warning[] = [];
export const reportLimit = (w: Warning): void => void reported.push(w);
export const takeLimitWarnings = (): Warning[] => reported.splice(0);

/** The reason an analysis stopped early, thrown through the parser and caught by its caller. */
export class LimitExceeded extends Error {
  constructor(readonly warning: Warning) {
    super(warning.message);
  }
}

/**
 * A time budget for one file's analysis. `check()` throws LimitExceeded once it is
 * spent; `expired()` only says so, for loops that stop on their own.
 */
export class Deadline {
  private readonly end: number;
  constructor(
    readonly file: string,
    readonly name: LimitName,
  ) {
    this.end = performance.now() + limit(name);
  }
  expired(): boolean {
    return performance.now() > this.end;
  }
  warning(): Warning {
    const l = LIMITS[this.name];
    return { file: this.file, code: 'over-limit', message: `${this.file}: analysis stopped after ${limit(this.name)} ms, the limit on ${l.what} (${l.env}); what was read before is kept` };
  }
  check(): void {
    if (this.expired()) throw new LimitExceeded(this.warning());
  }
}
