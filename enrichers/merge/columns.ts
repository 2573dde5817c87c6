import type { Annotation } from '../../schemas/annotation.js';
import { TIER_RANK, tierOf, type ColumnFact } from '../../schemas/facts.js';
import type { Column, Conflict } from '../../schemas/table-record.js';
import { definedOnly, pickWinner, sameText, type Candidate } from './rank.js';

/**
 * One column per name (case-insensitive), in first-seen order. The description follows
 * the field precedence (an annotation's column note first); type and lineage come from
 * the most trusted source that states them.
 */
export function mergeColumns(
  facts: ColumnFact[],
  annotation: Annotation | null | undefined,
): { columns: Column[]; provenance: Record<string, { source: Column['source'] }>; conflicts: Conflict[] } {
  const byName = new Map<string, ColumnFact[]>();
  for (const c of facts) {
    const key = c.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  const notes = new Map(Object.entries(annotation?.columns ?? {}).map(([name, note]) => [name.toLowerCase(), { name, note }]));
  for (const [key, { name }] of notes) if (!byName.has(key)) byName.set(key, [{ name, source: 'annotation' }]);

  const columns: Column[] = [];
  const provenance: Record<string, { source: Column['source'] }> = {};
  const conflicts: Conflict[] = [];
  for (const [key, group] of byName) {
    const ranked = [...group].sort((a, b) => TIER_RANK[tierOf(a.source)] - TIER_RANK[tierOf(b.source)]);
    const candidates: Candidate<string>[] = ranked.flatMap((c) =>
      c.description ? [{ value: c.description, source: c.source, confidence: 1 }] : [],
    );
    const note = notes.get(key);
    if (note) candidates.unshift({ value: note.note, source: 'annotation', confidence: 1 });
    const field = `columns.${ranked[0].name}`;
    const { winner, conflicts: lost } = pickWinner(`${field}.description`, candidates, sameText);
    conflicts.push(...lost);
    if (winner) provenance[field] = { source: winner.source };
    columns.push(
      definedOnly({
        name: ranked[0].name,
        description: winner?.value,
        type: ranked.find((c) => c.type)?.type,
        lineage: ranked.find((c) => c.lineage?.length)?.lineage,
        source: winner?.source ?? ranked[0].source,
      }),
    );
  }
  return { columns, provenance, conflicts };
}
