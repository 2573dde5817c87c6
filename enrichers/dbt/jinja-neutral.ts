/**
 * A stand-in for anything a dbt model mentions that Grainline cannot know (package
 * macros, adapter calls, run_query results): callable, indexable, iterable as empty,
 * and printed as SQL `null`, so an unknown macro never stops a model from rendering
 * and what it leaves behind still parses in an expression position.
 */
export const NEUTRAL_SQL = 'null';

/** what a neutral prints while rendering; placeNeutrals turns it into SQL by where it landed */
const MARK = '__grainline_neutral__';

/**
 * An unknown macro's output is SQL `null`, which parses wherever an expression may
 * stand; where a query must stand (a CTE body `as ( ... )`, a subquery `from ( ... )`,
 * a UNION branch on its own, or nothing at all where a query was due) it is a one-row `select null`, and where a relation must
 * stand (`from {{ var('unset') }}`) that query in parentheses, so the model still
 * parses and reads no table called null.
 */
/** whitespace and SQL comments: what may stand between a CTE's parenthesis and the macro that fills it */
const GAP = String.raw`(?:\s|--[^\n]*|/\*[\s\S]*?\*/)*`;

export function placeNeutrals(sql: string): string {
  // a macro that returns '' at parse time (`{% if not execute %}{{ return('') }}{% endif %}`) leaves `as ( )`
  sql = sql.replace(new RegExp(`(\\b(?:as|from|join)\\s*\\(${GAP})(?=\\))`, 'gi'), '$1select null as unknown_macro ');
  // a column list built from warehouse introspection (`adapter.get_columns_in_relation`) is empty at
  // parse time, leaving `select from t`; the relation's columns are what it would list
  sql = sql.replace(/\b(select(?:\s+distinct)?)(\s+)(?=from\b)/gi, '$1 *$2');
  if (!sql.includes(MARK)) return sql;
  return sql
    // a qualifier only the deployment knows (`{{ target.database }}.live.udf_api(...)`): the rest stays
    // qualified as written; `null.live.udf_api` parsed nowhere (11 of FlipsideCrypto/near-models' 143)
    .replace(new RegExp(`${MARK}\\.(?=[A-Za-z_"\`\\[])`, 'g'), '')
    // a macro that writes the whole select list (fivetran_utils.fill_staging_columns) lists the relation's columns
    .replace(new RegExp(`(\\bselect(?:\\s+distinct)?${GAP})${MARK}(?:${GAP}${MARK})*(?=${GAP}from\\b)`, 'gi'), '$1* ')
    .replace(new RegExp(`(\\b(?:as|from|join|union(?:\\s+all)?)\\s*\\(${GAP})${MARK}(?=${GAP}\\))`, 'gi'), '$1select null as unknown_macro ')
    // a list only the deployment knows (`x in {{ env_var('COMPANIES') }}`): a list of one unknown
    .replace(new RegExp(`(\\bin\\s+)${MARK}`, 'gi'), '$1(null)')
    // a relation nobody can name (an unset var, a package macro): an empty subquery, not a table called null
    .replace(new RegExp(`(\\b(?:from|join)\\s+)${MARK}`, 'gi'), '$1(select null as unknown_macro)')
    .split(MARK)
    .reduce((sql, next) => sql + (endsExpression(sql) ? '' : NEUTRAL_SQL) + next);
}

/** words after which an expression is still due, so a neutral there stands for one */
const EXPECTS_EXPRESSION = new Set(
  ('select distinct where and or not on when then else by having in is like ilike between as case ' +
    'return set values limit offset interval qualify over partition all any exists with union except intersect')
    .split(' '),
);

/**
 * Whether the SQL so far ends with a whole expression (a column, a literal, a closing
 * parenthesis). A package macro written there (`last_column {{ fivetran_utils.fill_pass_through_columns(...) }}`)
 * emits `, more_columns` or nothing; `null` would not parse, nothing does.
 */
function endsExpression(sql: string): boolean {
  // the tail is enough to see the last token, and keeps a model with many neutrals linear
  let text = sql.slice(-4000);
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.trimEnd();
    if (text.endsWith('*/') && text.includes('/*')) text = text.slice(0, text.lastIndexOf('/*'));
    const lineStart = text.lastIndexOf('\n') + 1;
    const comment = text.indexOf('--', lineStart);
    if (comment >= 0 && !text.slice(lineStart, comment).includes("'")) text = text.slice(0, comment);
  }
  const last = /(?:([A-Za-z_][\w$]*)|[)\]'"`]|\b\d+(?:\.\d+)?)$/.exec(text);
  if (!last) return false;
  return last[1] === undefined || !EXPECTS_EXPRESSION.has(last[1].toLowerCase());
}

const IS_NEUTRAL = Symbol('neutral');

export function neutral(): unknown {
  // an arrow function has no non-configurable `prototype`, which a Proxy could not hide
  const target = (): void => undefined;
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === IS_NEUTRAL) return true;
      if (prop === Symbol.toPrimitive || prop === 'toString' || prop === 'valueOf') return () => MARK;
      if (prop === Symbol.iterator) return function* empty() {};
      if (prop === 'length') return 0;
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      return neutral();
    },
    apply: () => neutral(),
    ownKeys: () => [],
    getOwnPropertyDescriptor: () => undefined,
    has: () => false,
  });
}

export function isNeutral(value: unknown): boolean {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[IS_NEUTRAL] === true;
}

/** Wraps a lookup table so that names it lacks come back neutral. */
export function neutralFallback<T extends object>(table: T, miss: (name: string) => unknown = neutral): T {
  return new Proxy(table, {
    has: () => true,
    get: (t, prop, receiver) => {
      if (typeof prop !== 'string' || Object.prototype.hasOwnProperty.call(t, prop)) return Reflect.get(t, prop, receiver);
      return miss(prop);
    },
  });
}
