import type { JoinKeyFact } from '../../schemas/facts.js';
import type { Usage } from '../../schemas/table-record.js';

/**
 * Join keys observed in queries, as facts about `tableId` (source `usage`). Confidence
 * grows with how often the join was seen: once is a hint, hundreds of times is a habit.
 */
export function usageJoinKeys(usage: Usage, tableId: string): JoinKeyFact[] {
  return usage.joinedWith.flatMap(({ table, count, keys }) =>
    table === tableId ? [] : keys.flatMap((key) => {
      const [left, right] = key.split('=');
      if (!left || !right) return [];
      return [
        {
          source: 'usage' as const,
          confidence: Math.min(0.9, 0.5 + 0.1 * Math.log10(count + 1)),
          detail: `joined ${count}× in query logs`,
          columns: left.split(','),
          table,
          refColumns: right.split(','),
        },
      ];
    }),
  );
}
