import { posix } from 'node:path';
import type { OwnerFact } from '../../schemas/facts.js';
import type { OwnerTable } from './owner-table.js';

/** A view over one table is usually its owner's public face, but not always: at most 0.5. */
export const VIEW_UPSTREAM_CONFIDENCE = 0.5;
const MAX_HOPS = 4;

const isView = (t: OwnerTable) => t.kind === 'view' || t.files.some((f) => posix.basename(f) === 'view.sql');

/**
 * For a view that declares no owner and reads exactly one table: that table's declared
 * owners. A view of a view follows the chain (a few hops) to the first declaration.
 */
export function viewUpstreamOwners(tables: OwnerTable[], byId: Map<string, OwnerTable>): Map<string, OwnerFact[]> {
  const out = new Map<string, OwnerFact[]>();
  for (const t of tables) {
    if (t.declared.length || !isView(t)) continue;
    let at: OwnerTable | undefined = t;
    const path: string[] = [];
    for (let hop = 0; hop < MAX_HOPS && at; hop++) {
      const ups: string[] = at.upstream.filter((u) => u !== at!.id && byId.has(u));
      if (ups.length !== 1) break;
      const up = byId.get(ups[0])!;
      path.push(up.id);
      if (up.declared.length) {
        out.set(
          t.id,
          up.declared.map((o) => ({
            id: o.id,
            kind: o.kind,
            source: 'heuristic' as const,
            confidence: VIEW_UPSTREAM_CONFIDENCE,
            file: o.file,
            line: o.line,
            detail: `owner of ${path.join(' -> ')}, the one table this view reads`,
          })),
        );
        break;
      }
      at = isView(up) ? up : undefined;
    }
  }
  return out;
}
