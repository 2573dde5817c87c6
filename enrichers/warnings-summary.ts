import type { Warning } from '../schemas/facts.js';

/** What a run says about its warnings: how many of each kind, and the first few in full. */
export interface WarningSummary {
  counts: Record<string, number>;
  sample: string[];
}

export const SAMPLE_SIZE = 10;

/** `file:line: code: message`, without the file and line the message often repeats. */
export function warningLine(w: Warning): string {
  const at = `${w.file}${w.line ? `:${w.line}` : ''}`;
  const message = w.message.startsWith(`${w.file}`) ? w.message.slice(w.file.length).replace(/^(:\d+)*:?\s*/, '') : w.message;
  return `${at}: ${w.code}: ${message}`;
}

/** Counts per code over every warning; the sample takes the first few of each source in turn. */
export function summarizeWarnings(warnings: Warning[], size = SAMPLE_SIZE): WarningSummary {
  const counts: Record<string, number> = {};
  for (const w of warnings) counts[w.code] = (counts[w.code] ?? 0) + 1;
  return { counts, sample: warnings.slice(0, size).map(warningLine) };
}

/** Several summaries as one: counts added, samples interleaved so no source crowds out the rest. */
export function mergeSummaries(parts: (WarningSummary | undefined)[], size = SAMPLE_SIZE): WarningSummary {
  const counts: Record<string, number> = {};
  for (const p of parts) for (const [code, n] of Object.entries(p?.counts ?? {})) counts[code] = (counts[code] ?? 0) + n;
  const sample: string[] = [];
  const queues = parts.map((p) => [...(p?.sample ?? [])]);
  while (sample.length < size && queues.some((q) => q.length)) for (const q of queues) if (q.length && sample.length < size) sample.push(q.shift()!);
  return { counts, sample };
}

/** One line for a terminal: "17 warnings (12 sql-parse-failed, 5 dbt-render)". */
export function countsLine(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  return `${total} warning${total === 1 ? '' : 's'}${entries.length ? ` (${entries.map(([code, n]) => `${n} ${code}`).join(', ')})` : ''}`;
}
