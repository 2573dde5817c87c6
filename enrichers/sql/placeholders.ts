/**
 * Substitution placeholders that pipelines leave in SQL files: Hive/Spark and shell
 * `${var}`, Airflow and Jinja `{{ expr }}`, Python's str.format `{name}`. No grammar
 * accepts them, yet they are part of what the statement means (`${db}.orders` is a table
 * whatever db turns out to be). Each is swapped for a plain identifier before parsing and
 * put back in the names afterwards, so a name is reported as written.
 */
// `{name}` only around a plain name: `{'a': 1}` is a Snowflake / DuckDB object literal
const PLACEHOLDER = /\$\{[^{}\n]*\}|\{\{[\s\S]*?\}\}|\{[A-Za-z_][\w.]*\}/g;
// the catalog gets Jinja already rendered or neutralised: a `{{` left there is a render failure, not a name
const SUBSTITUTION = /\$\{[^{}\n]*\}/g;
const MASK = /grainline_ph_(\d+)_/g;

export interface Masked {
  text: string;
  /** the name with its placeholders as written */
  restore: (name: string) => string;
}

export function maskPlaceholders(sql: string, opts: { jinja?: boolean } = {}): Masked | undefined {
  if (!sql.includes('{')) return undefined;
  const originals: string[] = [];
  const text = sql.replace(opts.jinja === false ? SUBSTITUTION : PLACEHOLDER, (m) => `grainline_ph_${originals.push(m) - 1}_`);
  if (originals.length === 0) return undefined;
  return { text, restore: (name) => name.replace(MASK, (m, i: string) => originals[Number(i)] ?? m) };
}
