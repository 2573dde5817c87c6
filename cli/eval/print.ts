import type { Calibration, Measure, Miss } from './score.js';
import type { EvalResult } from './run-eval.js';

const pct = (x: number | null) => (x === null ? '  n/a' : x.toFixed(2));

/** The readable report: the figures first, then how far each confidence can be trusted, then the misses. */
export function formatEval(r: EvalResult, maxMisses: number): string {
  const lines: string[] = [];
  lines.push(`grainline eval: ${r.repo} at ${r.commit.slice(0, 12)} (${r.seconds.toFixed(1)}s)`);
  lines.push(
    `blind copy: removed ${r.removed.grain} grain, ${r.removed.joins} join-key and ${r.removed.owners} owner declarations` +
      ` (${r.removed.ownersKept} owners kept)${r.removed.files.length ? `; left out ${r.removed.files.join(', ')}` : ''}`,
  );
  lines.push('');
  lines.push(`tables found     ${r.tables.found} / ${r.tables.models} dbt models`);
  const p = r.parse;
  lines.push(`rendered, parsed ${p.models - p.renderFailed - p.parseFailed} / ${p.models} models  (${p.renderFailed} failed to render, ${p.parseFailed} to parse; ${p.shapeLost} more parsed for tables only, so no grain)`);
  lines.push(`lineage F1       ${pct(r.lineage.f1)}  (precision ${pct(r.lineage.precision)}, recall ${pct(r.lineage.recall)}, ${r.lineage.edges} ref/source edges; ${r.lineage.undeclaredReads} reads of relations the repo does not define, not judged)`);
  lines.push(`  as written     ${pct(r.lineageWritten.f1)}  (against every ref/source written in the enabled models, any branch)`);
  lines.push(`grain exact      ${pct(r.grain.score)}  (${r.grain.right} of n=${r.grain.n}; a grain inferred for ${r.grain.inferred}; ${r.grainNotBuilt.length} answers on models the repo does not build left out)`);
  lines.push(
    `join-key recall  ${pct(r.joinKeys.score)}  (${r.joinKeys.right} of n=${r.joinKeys.n}; precision >= ${pct(r.joinKeys.precisionLowerBound)} over ${r.joinKeys.inferredOnAnswered} keys on those tables, ${pct(r.joinKeys.referencesPrecisionLowerBound)} over the keys that are references)`,
  );
  lines.push(`owner top-1      ${pct(r.owners.score)}  (${r.owners.right} of n=${r.owners.n} held out; an owner inferred for ${r.owners.inferred})`);
  for (const [name, m] of [['grain', r.grain], ['join keys', r.joinKeys], ['owners', r.owners]] as [string, Measure][]) {
    if (m.calibration.length) lines.push('', `calibration, ${name}: confidence -> how often right`, ...m.calibration.map(calLine));
  }
  const missBlocks: [string, Miss[]][] = [
    ['tables not found', r.tables.missing.map((f) => ({ table: f, expected: 'a record', inferred: '-' }))],
    ['render or parse', r.parse.failures.map((f) => ({ table: f, expected: 'rendered and parsed SQL', inferred: 'a warning' }))],
    ['lineage', r.lineage.misses.map((m) => ({ ...m, expected: `missing ${m.expected}`, inferred: `extra ${m.inferred}` }))],
    ['grain', r.grain.misses],
    ['join keys', r.joinKeys.misses],
    ['owners', r.owners.misses],
  ];
  for (const [name, misses] of missBlocks) {
    if (!misses.length) continue;
    lines.push('', `misses, ${name} (${misses.length}${misses.length > maxMisses ? `, first ${maxMisses}` : ''}):`);
    for (const m of misses.slice(0, maxMisses)) {
      const why = m.source ? `  [${m.source}${m.confidence !== undefined ? ` ${m.confidence.toFixed(2)}` : ''}]` : '';
      lines.push(`  ${m.table}: expected ${m.expected}, inferred ${m.inferred}${why}`);
    }
  }
  return lines.join('\n');
}

const calLine = (c: Calibration) => `  ${c.bucket}  n=${String(c.n).padStart(4)}  right ${pct(c.rate)}`;
