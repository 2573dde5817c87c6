/**
 * A seed's rows are its CSV file: `dbt seed` loads exactly those rows. The shortest run of
 * leading columns whose values are filled and distinct on every row is therefore unique in
 * the table as built (a lookup's code, or its code system and code). Which unique columns
 * the author means as the key is still a guess (a label column may be unique too, and the
 * file may grow a duplicate), so it stays well below a declared test.
 */

import { parse as parseCsv } from 'csv-parse/sync';
import type { GrainFact } from '../../schemas/facts.js';

export const SEED_KEY_CONFIDENCE = 0.6;

/** a lookup keyed by more leading columns than this is a wide table with no key column */
const MAX_KEY_COLUMNS = 3;
/** fewer rows than this prove nothing about distinct values */
const MIN_ROWS = 2;
/** enough rows to decide; a big seed is not read whole for this */
const MAX_ROWS = 50_000;

export function seedKey(content: string, file: string): GrainFact | undefined {
  let rows: string[][];
  try {
    rows = parseCsv(content, { skip_empty_lines: true, relax_column_count: true, to_line: MAX_ROWS + 1 }) as string[][];
  } catch {
    return undefined;
  }
  const [header, ...data] = rows;
  if (!header || data.length < MIN_ROWS) return undefined;
  const names = header.map((c) => c.trim());
  for (let width = 1; width <= Math.min(MAX_KEY_COLUMNS, names.length); width++) {
    const seen = new Set<string>();
    const unique = data.every((row) => {
      const key = row.slice(0, width).map((v) => (v ?? '').trim());
      if (key.length < width || key.some((v) => v === '')) return false;
      const joined = JSON.stringify(key);
      if (seen.has(joined)) return false;
      seen.add(joined);
      return true;
    });
    if (unique && names.slice(0, width).every(Boolean)) {
      const columns = names.slice(0, width);
      return {
        source: 'heuristic',
        confidence: SEED_KEY_CONFIDENCE,
        file,
        detail: `seed rows: ${columns.join(', ')} distinct on each of the ${data.length} rows of the CSV`,
        columns,
      };
    }
  }
  return undefined;
}
