import { asArray, asRecord, asString, lineOf } from './yaml-located.js';

/**
 * dbt data tests as written under `tests:` or `data_tests:`, in any of their forms:
 * a bare name, `{name: {args}}`, or args nested under `arguments:` (dbt 1.10+).
 */
export interface DeclaredTest {
  name: string;
  args: Record<string, unknown>;
  line?: number;
}

export function declaredTests(node: Record<string, unknown>): DeclaredTest[] {
  const out: DeclaredTest[] = [];
  for (const item of [...asArray(node.tests), ...asArray(node.data_tests)]) {
    const bare = asString(item);
    if (bare) {
      out.push({ name: bare, args: {}, line: lineOf(node.tests ?? node.data_tests) });
      continue;
    }
    const rec = asRecord(item);
    if (!rec) continue;
    // `- test_name: unique\n  name: my_alias` is the aliased form
    const aliased = asString(rec.test_name);
    if (aliased) {
      out.push({ name: aliased, args: { ...rec, ...(asRecord(rec.arguments) ?? {}) }, line: lineOf(rec) });
      continue;
    }
    for (const [name, raw] of Object.entries(rec)) {
      const args = asRecord(raw) ?? {};
      const nested = asRecord(args.arguments) ?? {};
      out.push({ name, args: { ...args, ...nested }, line: lineOf(rec) });
    }
  }
  return out;
}

/** `unique`, `dbt_utils.unique_combination_of_columns` etc.: the name without its package. */
export const bareTestName = (name: string): string => name.split('.').pop() ?? name;

/**
 * What a test declares unique, or undefined: dbt's `unique`, dbt_utils'
 * `unique_combination_of_columns`, dbt_constraints' `primary_key` / `unique_key`, and
 * dbt_expectations' column and compound uniqueness. `column` is the one the test sits under.
 * A conditional test (`where:` in dbt's config, dbt_expectations' `row_condition:`) holds
 * for some rows only, and a disabled one (`enabled: false`) is not run: neither is a grain.
 * Read by the pipeline (declared grain) and by `grainline eval` (its answer key) alike.
 */
export function uniqueColumnsOf(test: { name: string; args: Record<string, unknown> }, column: string | undefined): { columns: string[]; combination: boolean } | undefined {
  const config = (test.args.config ?? {}) as Record<string, unknown>;
  if (test.args.where ?? config.where ?? test.args.row_condition) return undefined;
  if (config.enabled === false || test.args.enabled === false) return undefined;
  const base = bareTestName(test.name);
  if (column && (base === 'unique' || base === 'primary_key' || base === 'unique_key' || base === 'expect_column_values_to_be_unique')) return { columns: [column], combination: false };
  const listed =
    base === 'unique_combination_of_columns' ? names(test.args.combination_of_columns) : base === 'expect_compound_columns_to_be_unique' ? names(test.args.column_list) : [];
  if (listed.length) return { columns: listed, combination: true };
  if (!column && (base === 'primary_key' || base === 'unique_key')) {
    const cols = names(test.args.column_names ?? test.args.columns);
    return cols.length ? { columns: cols, combination: cols.length > 1 } : undefined;
  }
  return undefined;
}

const names = (v: unknown): string[] => (typeof v === 'string' ? [v] : asArray(v).map(asString).filter((s): s is string => !!s));
