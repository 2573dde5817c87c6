import { splitArgs } from './dbt-builtins.js';

/**
 * dbt's own cross-database macros (the `dbt.` namespace, also callable bare), rendered
 * as their default implementations write them, so a model that calls them keeps a
 * parseable SQL shape: types become type names, date and string helpers become the
 * SQL function calls they wrap. Arguments arrive as SQL text, as in dbt.
 */
const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const TYPES: Record<string, string> = {
  type_string: 'varchar',
  type_timestamp: 'timestamp',
  type_int: 'integer',
  type_bigint: 'bigint',
  type_float: 'float',
  type_numeric: 'numeric(28, 6)',
  type_boolean: 'boolean',
};

type Macro = (...args: unknown[]) => unknown;

function named(names: string[], fn: (a: Record<string, unknown>) => string): Macro {
  return (...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const a: Record<string, unknown> = {};
    names.forEach((n, i) => (a[n] = kwargs[n] ?? positional[i]));
    return fn(a);
  };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(s) : v === undefined ? [] : [s(v)]);

export function crossDbMacros(): Record<string, Macro> {
  const macros: Record<string, Macro> = {
    current_timestamp: () => 'current_timestamp',
    current_timestamp_in_utc_backcompat: () => 'current_timestamp',
    datediff: named(['first_date', 'second_date', 'datepart'], (a) => `datediff(${s(a.datepart)}, ${s(a.first_date)}, ${s(a.second_date)})`),
    dateadd: named(['datepart', 'interval', 'from_date_or_timestamp'], (a) => `dateadd(${s(a.datepart)}, ${s(a.interval)}, ${s(a.from_date_or_timestamp)})`),
    date_trunc: named(['datepart', 'date'], (a) => `date_trunc('${s(a.datepart)}', ${s(a.date)})`),
    last_day: named(['date', 'datepart'], (a) => `last_day(${s(a.date)})`),
    safe_cast: named(['field', 'type'], (a) => `cast(${s(a.field)} as ${s(a.type)})`),
    cast: named(['field', 'type'], (a) => `cast(${s(a.field)} as ${s(a.type)})`),
    cast_bool_to_text: named(['field'], (a) => `cast(${s(a.field)} as varchar)`),
    concat: named(['fields'], (a) => `concat(${list(a.fields).join(', ')})`),
    hash: named(['field'], (a) => `md5(cast(${s(a.field)} as varchar))`),
    split_part: named(['string_text', 'delimiter_text', 'part_number'], (a) => `split_part(${s(a.string_text)}, ${s(a.delimiter_text)}, ${s(a.part_number)})`),
    listagg: named(['measure', 'delimiter_text'], (a) => `listagg(${s(a.measure)}${a.delimiter_text === undefined ? '' : `, ${s(a.delimiter_text)}`})`),
    any_value: named(['expression'], (a) => `any_value(${s(a.expression)})`),
    bool_or: named(['expression'], (a) => `bool_or(${s(a.expression)})`),
    position: named(['substring_text', 'string_text'], (a) => `position(${s(a.substring_text)} in ${s(a.string_text)})`),
    length: named(['expression'], (a) => `length(${s(a.expression)})`),
    replace: named(['field', 'old_chars', 'new_chars'], (a) => `replace(${s(a.field)}, ${s(a.old_chars)}, ${s(a.new_chars)})`),
    right: named(['string_text', 'length_expression'], (a) => `right(${s(a.string_text)}, ${s(a.length_expression)})`),
    safe_add: named(['field_list'], (a) => list(a.field_list).map((f) => `coalesce(${f}, 0)`).join(' + ') || '0'),
    safe_divide: named(['numerator', 'denominator'], (a) => `(${s(a.numerator)}) / nullif(${s(a.denominator)}, 0)`),
    escape_single_quotes: named(['expression'], (a) => s(a.expression).replace(/'/g, "''")),
    string_literal: named(['value'], (a) => `'${s(a.value).replace(/'/g, "''")}'`),
    date: named(['year', 'month', 'day'], (a) => `cast('${s(a.year)}-${s(a.month).padStart(2, '0')}-${s(a.day).padStart(2, '0')}' as date)`),
    except: () => 'except',
    intersect: () => 'intersect',
  };
  for (const [name, type] of Object.entries(TYPES)) macros[name] = () => type;
  return macros;
}
