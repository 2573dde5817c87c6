import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warning } from '../../schemas/facts.js';
import { tableContents } from '../helpers/temporal-run.js';
import { FUZZ_LIMITS, malformedRepo } from './malformed-repo.js';

/**
 * Issue 23: a repo of about 1,000 malformed files of every kind the crawl reads (plus
 * query logs and annotations) goes through a whole run (crawl, enrich, write; no
 * Temporal) in a process of its own. The run completes; every bad file is named by
 * a warning, and by few (a garbage log may say a few bad lines, capped per file);
 * the good tables are still found; and the process's peak RSS stays under
 * PEAK_RSS_MB (threads included), so no shape costs memory in proportion to its
 * expansion (an alias bomb is 387 million values, 100k nested brackets once crashed
 * the YAML parser out of memory).
 */
const PEAK_RSS_MB = 1536;
const MAX_WARNINGS_PER_BAD_FILE = 25;

function runChild(repo: string, db: string, logs: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'run-child.ts'), repo, db, logs], {
      env: { ...process.env, ...FUZZ_LIMITS, GRAINLINE_EMBEDDING_MODEL: 'hashing' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describe('a repo of malformed files', () => {
  it('is one run to the end: a warning for each bad file, the good tables kept, peak RSS bounded', { timeout: 600_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'grainline-fuzz-'));
    const fuzz = await malformedRepo(root, 23);
    expect(fuzz.bad.length).toBeGreaterThan(900);
    const { code, out, err } = await runChild(fuzz.repo, join(root, 'db'), fuzz.logs);
    expect(code, err.slice(-3000)).toBe(0);
    const { summary, warnings, maxRssMb, cpuSeconds } = JSON.parse(out) as { summary: { tables: number; failed: number }; warnings: Warning[]; maxRssMb: number; cpuSeconds: number };
    console.info(`fuzz: ${fuzz.bad.length} bad and ${fuzz.hostile.length} hostile files, ${warnings.length} warnings, ${summary.tables} tables, peak RSS ${maxRssMb} MB, ${cpuSeconds} s CPU`);

    const perFile = new Map<string, number>();
    for (const w of warnings) perFile.set(w.file, (perFile.get(w.file) ?? 0) + 1);
    const silent = fuzz.bad.filter((f) => !perFile.has(f));
    expect(silent).toEqual([]);
    const noisy = fuzz.bad.filter((f) => perFile.get(f)! > MAX_WARNINGS_PER_BAD_FILE);
    expect(noisy).toEqual([]);
    expect(summary.failed).toBe(0);
    const { records } = await tableContents(join(root, 'db'));
    expect(records.map((r) => r.id)).toEqual(expect.arrayContaining(fuzz.good));
    // the hostile but valid files (3,000 nested parentheses in Python) passed without a crash: no analyzer-error
    expect(warnings.filter((w) => fuzz.hostile.includes(w.file) && w.code === 'analyzer-error')).toEqual([]);
    expect(maxRssMb).toBeLessThan(PEAK_RSS_MB);
    rmSync(root, { recursive: true, force: true });
  });
});
