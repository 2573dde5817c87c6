import type { FileFacts, JoinEdge, UpstreamFact } from '../../schemas/facts.js';

/**
 * Ephemeral models never reach the warehouse: dbt inlines them as CTEs into the
 * models that ref them. They stay records (kind "dbt ephemeral model", not
 * queryable) with lineage as dbt shows it: their own refs upstream, and the models
 * that ref them downstream. A join on one, though, is a join an agent can only
 * write against the table behind it, so join edges pass through to that table
 * when there is exactly one.
 */
export function passJoinsThroughEphemeral(files: FileFacts[], ephemeral: Set<string>): FileFacts[] {
  if (ephemeral.size === 0) return files;
  const reads = new Map<string, UpstreamFact[]>();
  for (const f of files) for (const t of f.tables) if (t.defines && ephemeral.has(t.name)) reads.set(t.name, t.upstream);

  const behind = (name: string, seen = new Set<string>()): UpstreamFact[] => {
    if (!ephemeral.has(name)) return [];
    if (seen.has(name)) return [];
    seen.add(name);
    return (reads.get(name) ?? []).flatMap((u) => (ephemeral.has(u.name) ? behind(u.name, seen) : [u]));
  };
  const side = (s: JoinEdge['left']): JoinEdge['left'] | undefined => {
    if (!ephemeral.has(s.table)) return s;
    const tables = [...new Set(behind(s.table).map((u) => u.name))];
    return tables.length === 1 ? { ...s, table: tables[0] } : undefined;
  };
  return files.map((f) => ({
    ...f,
    joins: f.joins.flatMap((j) => {
      const left = side(j.left);
      const right = side(j.right);
      return left && right && left.table !== right.table ? [{ ...j, left, right }] : [];
    }),
  }));
}
