import type { FileFacts, JoinEdge, UpstreamFact } from '../../schemas/facts.js';

/**
 * Ephemeral models never reach the warehouse: dbt inlines them as CTEs into the
 * models that ref them. So they are not catalog tables, and lineage passes through
 * them to what they read; a join on one is a join on the table behind it when there
 * is exactly one.
 */
export function passThroughEphemeral(files: FileFacts[], ephemeral: Set<string>): FileFacts[] {
  if (ephemeral.size === 0) return files;
  const reads = new Map<string, UpstreamFact[]>();
  for (const f of files) for (const t of f.tables) if (t.defines && ephemeral.has(t.name)) reads.set(t.name, t.upstream);

  const behind = (name: string, seen = new Set<string>()): UpstreamFact[] => {
    if (!ephemeral.has(name)) return [];
    if (seen.has(name)) return [];
    seen.add(name);
    return (reads.get(name) ?? []).flatMap((u) => (ephemeral.has(u.name) ? behind(u.name, seen) : [u]));
  };
  const through = (ups: UpstreamFact[]): UpstreamFact[] => {
    const out = new Map<string, UpstreamFact>();
    for (const u of ups) for (const x of ephemeral.has(u.name) ? behind(u.name) : [u]) if (!out.has(x.name)) out.set(x.name, x);
    return [...out.values()];
  };
  const side = (s: JoinEdge['left']): JoinEdge['left'] | undefined => {
    if (!ephemeral.has(s.table)) return s;
    const tables = behind(s.table);
    return tables.length === 1 ? { ...s, table: tables[0].name } : undefined;
  };
  return files.map((f) => ({
    ...f,
    tables: f.tables
      .filter((t) => !ephemeral.has(t.name))
      .map((t) => ({ ...t, upstream: through(t.upstream).filter((u) => u.name !== t.name) })),
    joins: f.joins.flatMap((j) => {
      const left = side(j.left);
      const right = side(j.right);
      return left && right && left.table !== right.table ? [{ ...j, left, right }] : [];
    }),
  }));
}
