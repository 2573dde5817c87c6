import type { Annotation } from '../../schemas/annotation.js';
import type { TableFact } from '../../schemas/facts.js';
import type { Conflict, Grain } from '../../schemas/table-record.js';
import { grainStatement } from './grain-statement.js';
import { definedOnly, guessesAfterModel, pickWinner, sameColumns, type Candidate } from './rank.js';

type GrainValue = { columns: string[]; statement?: string };

/**
 * The grain: annotation first (its statement verbatim), else the highest-tier, most
 * confident inferred column set. A statement-only annotation cannot be compared with
 * column sets, so it never produces a conflict.
 */
export function mergeGrain(
  facts: TableFact[],
  annotation: Annotation | null | undefined,
): { grain: Grain | null; conflicts: Conflict[] } {
  const candidates: Candidate<GrainValue>[] = [];
  if (annotation?.grain) {
    candidates.push({ value: annotation.grain, source: 'annotation', confidence: 1, file: annotation.file, line: annotation.line });
  }
  for (const fact of facts) {
    for (const g of fact.grain) {
      if (g.columns.length === 0) continue;
      candidates.push({ value: { columns: g.columns }, source: g.source, confidence: g.confidence, detail: g.detail, file: g.file, line: g.line });
    }
  }
  const same = (a: GrainValue, b: GrainValue) =>
    a.columns.length === 0 || b.columns.length === 0 || sameColumns(a.columns, b.columns);
  const { winner, conflicts } = pickWinner('grain', candidates, same, (v) => v.statement ?? v.columns, guessesAfterModel);
  if (!winner) return { grain: null, conflicts };
  const { value, source, confidence, detail, file, line } = winner;
  return {
    grain: {
      columns: value.columns,
      statement: value.statement ?? grainStatement(value.columns),
      ...definedOnly({ source, confidence, detail, file, line }),
    },
    conflicts,
  };
}
