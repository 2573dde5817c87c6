import type { RowOrigin } from '../../schemas/facts.js';

/** The name an upstream column has in a table whose rows come from that upstream, if it is passed on unchanged. */
export function carried(origin: RowOrigin, column: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(origin.columns, column)) return origin.columns[column];
  // with `*`, a column keeps its name unless something else was renamed into that name
  if (origin.all && !Object.values(origin.columns).includes(column)) return column;
  return undefined;
}
