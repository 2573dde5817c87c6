import { expect } from 'vitest';
import type { Figures } from '../../fixture/score.js';

/** Issue 3's bar for the static enrichers on a generated repo. */
export const BAR = { lineageF1: 0.99, grain: 0.95, joinKeyRecall: 0.95, ownerTop1: 0.95 };

/** Asserts the bar, naming the figure and the scope that missed it. */
export function expectBar(f: Figures | undefined, scope: string): void {
  expect(f, `${scope}: no tables scored`).toBeDefined();
  expect(f!.tableRecall.rate, `${scope}: table recall`).toBe(1);
  expect(f!.lineage.f1, `${scope}: lineage F1`).toBeGreaterThanOrEqual(BAR.lineageF1);
  expect(f!.grain.rate, `${scope}: grain`).toBeGreaterThanOrEqual(BAR.grain);
  expect(f!.joinKeys.recall, `${scope}: join-key recall`).toBeGreaterThanOrEqual(BAR.joinKeyRecall);
  expect(f!.ownerTop1.rate, `${scope}: owner top-1`).toBeGreaterThanOrEqual(BAR.ownerTop1);
}
