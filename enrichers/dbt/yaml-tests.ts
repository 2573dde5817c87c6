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
