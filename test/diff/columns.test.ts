import { describe, expect, it } from 'vitest';
import { columnChanges } from '../../cli/diff/columns.js';
import type { TableRecord } from '../../schemas/table-record.js';

const rec = (id: string, columns: TableRecord['columns']) => ({ id, table: id, columns, files: [`models/${id}.sql`] }) as TableRecord;
const col = (name: string, type?: string, lineage?: string[]) => ({ name, type, lineage, source: 'sql' as const });

describe('columnChanges', () => {
  it('sees a retype, and a rename only where the lineage shows it', () => {
    const c = columnChanges(
      rec('t', [col('id', 'int', ['raw.id']), col('amount', 'numeric', ['raw.amount']), col('note', undefined, ['raw.note'])]),
      rec('t', [col('id', 'bigint', ['raw.id']), col('amount_usd', 'numeric', ['raw.amount']), col('comment', undefined, ['raw.comment'])]),
      [],
    );
    expect(c).toMatchObject({
      retyped: [{ column: 'id', from: 'int', to: 'bigint' }],
      renamed: [{ from: 'amount', to: 'amount_usd' }],
      // different upstream columns: a removal and an addition, not a rename
      removed: ['note'],
      added: ['comment'],
    });
  });

  it('says nothing when one side has no columns (its SQL did not parse): that is no removal', () => {
    expect(columnChanges(rec('t', [col('id')]), rec('t', []), [])).toBeNull();
  });
});
