/**
 * Foreign keys a dbt model contract declares, on a column or on the model:
 * `{type: foreign_key, to: ref('customers'), to_columns: [id]}` (dbt 1.9+) or the older
 * `expression: "customers (id)"`. A declaration (0.9): it outranks any inferred key.
 */
import type { JoinEdge } from '../../schemas/facts.js';
import { resolveJinjaString, type NameResolver } from './resolver.js';
import { asArray, asRecord, asString, lineOf } from './yaml-located.js';

const DECLARED = 0.9;
/** `schema.table (a, b)` or `{{ ref('t') }} (a, b)`: the relation and the columns an old-style constraint expression names */
function referencesExpression(text: string, resolver: NameResolver): { target?: string; columns: string[] } {
  const open = text.lastIndexOf('(');
  if (open < 0 || !text.trimEnd().endsWith(')')) return { columns: [] };
  const target = resolveJinjaString(text.slice(0, open).trim().replace(/["`]/g, ''), resolver);
  const columns = text.slice(open + 1, text.trimEnd().length - 1).split(',').map((s) => s.trim().replace(/["`]/g, '')).filter(Boolean);
  return { target, columns };
}

const strings = (v: unknown): string[] => {
  const one = asString(v);
  return one ? [one] : asArray(v).map(asString).filter((s): s is string => !!s);
};

/** the foreign keys a model's (or one of its columns', when `column` is given) constraints declare */
export function foreignKeyConstraints(file: string, table: string, node: Record<string, unknown>, column: string | undefined, resolver: NameResolver): JoinEdge[] {
  const out: JoinEdge[] = [];
  for (const raw of asArray(node.constraints)) {
    const c = asRecord(raw);
    if (!c || asString(c.type)?.toLowerCase() !== 'foreign_key') continue;
    const columns = column ? [column] : strings(c.columns);
    const to = asString(c.to);
    const expr = asString(c.expression);
    const { target, columns: refColumns } = to
      ? { target: resolveJinjaString(to, resolver), columns: strings(c.to_columns) }
      : expr
        ? referencesExpression(expr, resolver)
        : { target: undefined, columns: [] };
    if (!target || !columns.length || columns.length !== refColumns.length) continue;
    out.push({
      source: 'dbt-yaml',
      confidence: DECLARED,
      file,
      line: lineOf(c),
      detail: 'foreign_key constraint',
      left: { table, columns },
      right: { table: target, columns: refColumns },
    });
  }
  return out;
}

